package io.tunnelwatch.synth.packet;

import io.tunnelwatch.synth.pcap.FrameSink;

/**
 * Scripts one TCP connection into a capture with a consistent sequence/acknowledgement progression: each side's
 * next sequence number advances by the payload it sends (plus one for SYN and FIN), and every segment after the
 * handshake acknowledges everything the other side sent. Payloads longer than the MSS are cut into several
 * segments, which is how a TLS certificate flight comes to span segments.
 */
public final class TcpConnection {
    /** Ethernet MTU 1500 minus 20 bytes IPv4 and 20 bytes TCP header. */
    public static final int DEFAULT_MSS = 1460;
    /** Microseconds between back-to-back segments of one burst (about a 1 Gbit/s link for a full segment). */
    public static final long BURST_SPACING_MICROS = 12;

    public enum Side { CLIENT, SERVER }

    private final PacketBuilder packets;
    private final FrameSink capture;
    private final Host client;
    private final Host server;
    private final int clientPort;
    private final int serverPort;
    private final long clientIsn;
    private final long serverIsn;
    private long clientNext;
    private long serverNext;
    private int clientWindow = 65_535;
    private int serverWindow = 65_535;
    private int mss = DEFAULT_MSS;
    private boolean synAckSent;

    public TcpConnection(PacketBuilder packets, FrameSink capture, Host client, int clientPort, Host server,
                         int serverPort, long clientIsn, long serverIsn) {
        this.packets = packets;
        this.capture = capture;
        this.client = client;
        this.server = server;
        this.clientPort = clientPort;
        this.serverPort = serverPort;
        this.clientIsn = clientIsn & 0xFFFF_FFFFL;
        this.serverIsn = serverIsn & 0xFFFF_FFFFL;
        this.clientNext = (this.clientIsn + 1) & 0xFFFF_FFFFL;
        this.serverNext = (this.serverIsn + 1) & 0xFFFF_FFFFL;
    }

    public TcpConnection window(Side side, int window) {
        if (side == Side.CLIENT) {
            clientWindow = window;
        } else {
            serverWindow = window;
        }
        return this;
    }

    public TcpConnection mss(int mss) {
        this.mss = mss;
        return this;
    }

    /** The client's SYN; calling it again is a retransmission (same ISN). */
    public void syn(long ts) {
        emit(ts, Side.CLIENT, new TcpSegment(clientPort, serverPort, clientIsn, 0, TcpFlags.SYN, clientWindow,
            mss, new byte[0]));
    }

    public void synAck(long ts) {
        emit(ts, Side.SERVER, new TcpSegment(serverPort, clientPort, serverIsn, clientNext,
            TcpFlags.SYN | TcpFlags.ACK, serverWindow, mss, new byte[0]));
        synAckSent = true;
    }

    /** A pure acknowledgement of everything the other side sent so far. */
    public void ack(long ts, Side from) {
        segment(ts, from, TcpFlags.ACK, new byte[0]);
    }

    /**
     * Sends {@code data} from one side, cut at the MSS; PSH on the last segment, as stacks set it at the end of a
     * write. Returns the timestamp of the last segment.
     */
    public long send(long ts, Side from, byte[] data) {
        long at = ts;
        for (int offset = 0; offset < data.length; offset += mss) {
            int length = Math.min(mss, data.length - offset);
            byte[] chunk = new byte[length];
            System.arraycopy(data, offset, chunk, 0, length);
            boolean last = offset + length == data.length;
            segment(at, from, TcpFlags.ACK | (last ? TcpFlags.PSH : 0), chunk);
            if (!last) {
                at += BURST_SPACING_MICROS;
            }
        }
        return at;
    }

    public void fin(long ts, Side from) {
        segment(ts, from, TcpFlags.FIN | TcpFlags.ACK, new byte[0]);
        advance(from, 1);
    }

    /**
     * A reset. With {@code withAck} it acknowledges the other side (how a listener-less port refuses a SYN: RST/ACK
     * with sequence 0); without, it is a bare RST at the sender's next sequence number with window 0, as the seed's
     * router sends it after the client's FIN.
     */
    public void rst(long ts, Side from, boolean withAck) {
        long sequence = nextSequence(from);
        if (withAck && from == Side.SERVER && !synAckSent) {
            sequence = 0;   // refusing a SYN (RFC 9293 section 3.10.7.1): the RST takes its ack from the SYN
        }
        Side to = other(from);
        emit(ts, from, new TcpSegment(port(from), port(to), sequence, nextSequence(to),
            TcpFlags.RST | (withAck ? TcpFlags.ACK : 0), 0, 0, new byte[0]));
    }

    /**
     * Accounts for {@code bytes} a side sent before the capture began, for a connection picked up mid-stream:
     * later segments then carry the sequence numbers they had on the wire.
     */
    public TcpConnection alreadySent(Side side, int bytes) {
        advance(side, bytes);
        return this;
    }

    /** The next sequence number relative to the side's ISN, as Wireshark shows it (the SYN counts as 1). */
    public long relativeNextSequence(Side side) {
        long isn = side == Side.CLIENT ? clientIsn : serverIsn;
        return (nextSequence(side) - isn) & 0xFFFF_FFFFL;
    }

    public long nextSequence(Side side) {
        return side == Side.CLIENT ? clientNext : serverNext;
    }

    public Host client() {
        return client;
    }

    public Host server() {
        return server;
    }

    private void segment(long ts, Side from, int flags, byte[] payload) {
        Side to = other(from);
        emit(ts, from, new TcpSegment(port(from), port(to), nextSequence(from), nextSequence(to), flags,
            from == Side.CLIENT ? clientWindow : serverWindow, 0, payload));
        advance(from, payload.length);
    }

    private void advance(Side side, int bytes) {
        if (side == Side.CLIENT) {
            clientNext = (clientNext + bytes) & 0xFFFF_FFFFL;
        } else {
            serverNext = (serverNext + bytes) & 0xFFFF_FFFFL;
        }
    }

    private void emit(long ts, Side from, TcpSegment segment) {
        Host source = from == Side.CLIENT ? client : server;
        Host destination = from == Side.CLIENT ? server : client;
        capture.add(ts, packets.tcp(source, destination, segment));
    }

    private int port(Side side) {
        return side == Side.CLIENT ? clientPort : serverPort;
    }

    private static Side other(Side side) {
        return side == Side.CLIENT ? Side.SERVER : Side.CLIENT;
    }
}
