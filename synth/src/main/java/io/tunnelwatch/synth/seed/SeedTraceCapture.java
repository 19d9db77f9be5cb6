package io.tunnelwatch.synth.seed;

import io.tunnelwatch.synth.esp.EspPackets;
import io.tunnelwatch.synth.ike.IkeV1Messages;
import io.tunnelwatch.synth.packet.Host;
import io.tunnelwatch.synth.packet.PacketBuilder;
import io.tunnelwatch.synth.packet.TcpConnection;
import io.tunnelwatch.synth.packet.TcpConnection.Side;
import io.tunnelwatch.synth.pcap.Capture;
import io.tunnelwatch.synth.scenario.ExpectedEvent;
import io.tunnelwatch.synth.scenario.Timeouts;
import io.tunnelwatch.synth.tls.QuickVpnFlights;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;


/**
 * The seed trace (the Cisco QuickVPN write-up's Wireshark frame list, ../shared/seed/quickvpn-trace.tsv)
 * reconstructed as a capture: exactly the listed frames, at the listed times, between the listed addresses, with
 * the listed TCP flags, sequence and acknowledgement numbers, windows and lengths, and the listed TLS, ISAKMP and
 * ESP messages. Frames the write-up left out are left out here too.
 *
 * <p>Choices where the list says nothing, each consistent with what it does say:
 * <ul>
 *   <li>Times: the list's relative times added to {@link #EPOCH_BASE_MICROS} (2010-06-01T10:00:00Z, the year of
 *       QuickVPN 1.4.2.1 in the write-up's screenshots).</li>
 *   <li>Roles: 213.16.33.141 is the QuickVPN client (ephemeral ports nav-port 3859 and giga-pocket 3862, as
 *       Wireshark names them; the SSLv2 ClientHello; the first Main Mode message), 79.189.214.86 the RV router.</li>
 *   <li>Cipher suite TLS_RSA_WITH_3DES_EDE_CBC_SHA with a 1024-bit RSA key: the only common TLS 1.0 choice under
 *       which every length in the list adds up (190-byte ClientKeyExchange flight, 51-byte CCS + Finished,
 *       29-byte encrypted alerts). The first connection (frames 97-120) is seen mid-handshake, as in the
 *       write-up; its earlier bytes (314 from the client, 727 from the router) are accounted for in the sequence
 *       numbers exactly as in the second connection (frames 227-259), which the list shows whole.</li>
 *   <li>Initial sequence numbers, IKE cookies and message ids: fixed values below; ciphertext is random bytes
 *       from a fixed seed, so the file is byte-for-byte reproducible.</li>
 *   <li>The Informationals 224/225 (client) and 244/245 (router) are encrypted Deletes (IPsec SA, then ISAKMP
 *       SA): the disconnect, followed by the logout HTTPS session.</li>
 * </ul>
 */
public final class SeedTraceCapture {
    /** 2010-06-01T10:00:00Z in microseconds since the epoch: frame time = this + the list's relative time. */
    public static final long EPOCH_BASE_MICROS = 1_275_386_400_000_000L;

    public static final String CLIENT = "213.16.33.141";
    public static final String GATEWAY = "79.189.214.86";
    /** IANA "nav-port" (Navini Port), how Wireshark names the client's first ephemeral port. */
    public static final int NAV_PORT = 3859;
    /** IANA "giga-pocket", the client's second ephemeral port. */
    public static final int GIGA_POCKET_PORT = 3862;
    public static final int HTTPS_PORT = 443;

    public static final long NAV_PORT_CLIENT_ISN = 0x1B2E_4C11L;
    public static final long NAV_PORT_SERVER_ISN = 0x8F3A_0C5DL;
    public static final long GIGA_POCKET_CLIENT_ISN = 0x1C07_9A35L;
    public static final long GIGA_POCKET_SERVER_ISN = 0x90E1_72A4L;

    public static final long IKE_INITIATOR_COOKIE = 0x5C8E_4A1D_2B3F_6071L;
    public static final long IKE_RESPONDER_COOKIE = 0x9D0E_7F4B_1A2C_3E58L;
    public static final long QUICK_MODE_MESSAGE_ID = 0x7A3C_91E2L;
    public static final long CLIENT_DELETE_MESSAGE_IDS = 0x3E5A_7C01L;
    public static final long GATEWAY_DELETE_MESSAGE_IDS = 0x6B2D_1F40L;

    /** SPI of the client-to-router SA (frames 167, 209) and of the router-to-client SA (frame 216). */
    public static final long SPI_CLIENT_TO_GATEWAY = 0x8316_D0A3L;
    public static final long SPI_GATEWAY_TO_CLIENT = 0x2B28_E6AEL;

    /** The ciphertext bytes' seed: any fixed value keeps the file reproducible. */
    private static final long CONTENT_SEED = 0x5EED_2010L;
    /** A ping (ICMP echo, 32 bytes of data) inside the tunnel: 20 + 8 + 32 bytes of inner IPv4 packet. */
    private static final int INNER_PING_LENGTH = 60;

    private final List<SeedFrame> frames;
    private final Map<Integer, Long> timeByFrame = new HashMap<>();
    private final SplittableRandom rng = new SplittableRandom(CONTENT_SEED);
    private final QuickVpnFlights tls = new QuickVpnFlights(rng);
    private final PacketBuilder packets = new PacketBuilder(0x2A10);
    private final Capture capture = new Capture();
    private final Host client = Host.of(CLIENT, 128);   // Windows XP sends with TTL 128, seen locally
    private final Host gateway = Host.of(GATEWAY, 52);  // a Linux router (64) some 12 hops away

    private SeedTraceCapture(List<SeedFrame> frames) {
        this.frames = frames;
        for (SeedFrame frame : frames) {
            timeByFrame.put(frame.number(), EPOCH_BASE_MICROS + frame.relativeMicros());
        }
    }

    /** The reconstructed capture, one frame per row of the seed's frame list, in the list's order. */
    public static Capture build() {
        SeedTraceCapture seed = new SeedTraceCapture(SeedFrame.load());
        seed.firstHttpsSession();
        seed.ipsec();
        seed.logoutHttpsSession();
        if (seed.capture.size() != seed.frames.size()) {
            throw new IllegalStateException("built " + seed.capture.size() + " frames for "
                + seed.frames.size() + " listed");
        }
        return seed.capture;
    }

    /** What the correlation job must emit for the seed: one established tunnel, closed after idle, no alert. */
    public static List<ExpectedEvent> expectedEvents() {
        List<SeedFrame> frames = SeedFrame.load();
        long established = EPOCH_BASE_MICROS + frameTime(frames, 216);   // first router-to-client ESP
        long lastActivity = EPOCH_BASE_MICROS + frameTime(frames, 259);  // the logout session's FIN
        return List.of(
            ExpectedEvent.established(CLIENT, GATEWAY, 1, established),
            ExpectedEvent.closed(CLIENT, GATEWAY, lastActivity + Timeouts.IDLE, lastActivity - established));
    }

    public static byte[] pcapBytes() {
        return build().toPcapBytes();
    }

    private static long frameTime(List<SeedFrame> frames, int number) {
        return frames.stream().filter(f -> f.number() == number).findFirst()
            .orElseThrow(() -> new IllegalStateException("no frame " + number + " in the seed list"))
            .relativeMicros();
    }

    /** Frames 97-120: the login session on nav-port, picked up after the router's certificate flight. */
    private void firstHttpsSession() {
        TcpConnection tcp = new TcpConnection(packets, capture, client, NAV_PORT, gateway, HTTPS_PORT,
            NAV_PORT_CLIENT_ISN, NAV_PORT_SERVER_ISN);
        tcp.window(Side.SERVER, 5840);
        tcp.alreadySent(Side.CLIENT, 314);   // SSLv2 ClientHello (124) + ClientKeyExchange flight (190)
        tcp.alreadySent(Side.SERVER, 727);   // ServerHello, Certificate, ServerHelloDone
        at(97, t -> tcp.ack(t, Side.SERVER));
        at(98, t -> tcp.send(t, Side.SERVER, tls.changeCipherSpecAndFinished()));
        at(99, t -> tcp.send(t, clientAdvertising(tcp), tls.applicationData(219)));
        at(100, t -> tcp.ack(t, Side.SERVER));
        // Two records of 29 and 350 bytes: the list fixes only their sum (379 = 1158 - 779).
        at(115, t -> tcp.send(t, Side.SERVER, tls.applicationDataFragments(24, 345)));
        at(116, t -> tcp.send(t, Side.SERVER, tls.encryptedAlert()));
        at(117, t -> tcp.ack(t, clientAdvertising(tcp)));
        at(118, t -> tcp.send(t, clientAdvertising(tcp), tls.encryptedAlert()));
        at(119, t -> tcp.fin(t, clientAdvertising(tcp)));
        at(120, t -> tcp.rst(t, Side.SERVER, false));
    }

    /** Frames 153-225: IKEv1 Main Mode, Quick Mode, ESP both ways, then the client's Deletes. */
    private void ipsec() {
        IkeV1Messages ike = new IkeV1Messages(IKE_INITIATOR_COOKIE, IKE_RESPONDER_COOKIE, rng);
        at(153, t -> ike(t, client, gateway, ike.mainMode1()));
        at(154, t -> ike(t, gateway, client, ike.mainMode2()));
        at(155, t -> ike(t, client, gateway, ike.mainMode34()));
        at(162, t -> ike(t, gateway, client, ike.mainMode34()));
        at(163, t -> ike(t, client, gateway, ike.mainMode56()));
        at(164, t -> ike(t, gateway, client, ike.mainMode56()));
        // QM1: HASH, SA (ESP proposal), nonce, ID client, ID network; QM2 the same back; QM3 only a HASH.
        at(165, t -> ike(t, client, gateway, ike.quickMode(QUICK_MODE_MESSAGE_ID, 24 + 64 + 24 + 12 + 16)));
        at(166, t -> ike(t, gateway, client, ike.quickMode(QUICK_MODE_MESSAGE_ID, 24 + 52 + 24 + 12 + 16)));
        at(167, t -> esp(t, client, gateway, SPI_CLIENT_TO_GATEWAY, 1));
        at(168, t -> ike(t, client, gateway, ike.quickMode(QUICK_MODE_MESSAGE_ID, 24)));
        at(209, t -> esp(t, client, gateway, SPI_CLIENT_TO_GATEWAY, 2));
        at(216, t -> esp(t, gateway, client, SPI_GATEWAY_TO_CLIENT, 1));
        // Delete payload: DOI, protocol, SPI size, count, SPIs; behind a 24-byte HASH payload.
        at(224, t -> ike(t, client, gateway, ike.encryptedInformational(CLIENT_DELETE_MESSAGE_IDS, 24 + 16)));
        at(225, t -> ike(t, client, gateway, ike.encryptedInformational(CLIENT_DELETE_MESSAGE_IDS + 1, 24 + 28)));
    }

    /** Frames 227-259: the logout session on giga-pocket, whole, and the router's Deletes in between. */
    private void logoutHttpsSession() {
        TcpConnection tcp = new TcpConnection(packets, capture, client, GIGA_POCKET_PORT, gateway, HTTPS_PORT,
            GIGA_POCKET_CLIENT_ISN, GIGA_POCKET_SERVER_ISN);
        tcp.window(Side.SERVER, 5840);
        IkeV1Messages ike = new IkeV1Messages(IKE_INITIATOR_COOKIE, IKE_RESPONDER_COOKIE, rng);
        at(227, tcp::syn);
        at(228, tcp::synAck);
        at(229, t -> tcp.ack(t, clientAdvertising(tcp)));
        at(230, t -> tcp.send(t, clientAdvertising(tcp), tls.clientHello()));
        at(231, t -> tcp.ack(t, Side.SERVER));
        at(232, t -> tcp.send(t, Side.SERVER, tls.serverHelloFlight(List.of(634))));
        at(233, t -> tcp.send(t, clientAdvertising(tcp), tls.clientKeyExchangeFlight()));
        at(237, t -> tcp.ack(t, Side.SERVER));
        at(241, t -> tcp.send(t, Side.SERVER, tls.changeCipherSpecAndFinished()));
        at(242, t -> tcp.send(t, clientAdvertising(tcp), tls.applicationData(235)));
        at(243, t -> tcp.ack(t, Side.SERVER));
        at(244, t -> ike(t, gateway, client, ike.encryptedInformational(GATEWAY_DELETE_MESSAGE_IDS, 24 + 16)));
        at(245, t -> ike(t, gateway, client, ike.encryptedInformational(GATEWAY_DELETE_MESSAGE_IDS + 1, 24 + 28)));
        // Two records of 29 and 254 bytes: the list fixes only their sum (283 = 1062 - 779).
        at(255, t -> tcp.send(t, Side.SERVER, tls.applicationDataFragments(24, 249)));
        at(256, t -> tcp.send(t, Side.SERVER, tls.encryptedAlert()));
        at(257, t -> tcp.ack(t, clientAdvertising(tcp)));
        at(258, t -> tcp.send(t, clientAdvertising(tcp), tls.encryptedAlert()));
        at(259, t -> tcp.fin(t, clientAdvertising(tcp)));
    }

    /**
     * Sets the client's advertised window, then names the client as sender. The window is 65535 minus what the
     * client has received but not yet read, which for this client works out as 65537 minus the relative
     * acknowledgement number (frames 117, 119, 257, 259 show 64350 and 64446), never above 65535.
     */
    private static Side clientAdvertising(TcpConnection tcp) {
        long relativeAck = tcp.relativeNextSequence(Side.SERVER);
        tcp.window(Side.CLIENT, (int) Math.min(65_535, 65_537 - relativeAck));
        return Side.CLIENT;
    }

    private void ike(long ts, Host from, Host to, byte[] message) {
        capture.add(ts, packets.udp(from, to, EspPackets.IKE_PORT, EspPackets.IKE_PORT, message));
    }

    private void esp(long ts, Host from, Host to, long spi, long sequence) {
        capture.add(ts, packets.esp(from, to, EspPackets.esp(spi, sequence, INNER_PING_LENGTH, rng)));
    }

    private void at(int frameNumber, java.util.function.LongConsumer action) {
        Long ts = timeByFrame.get(frameNumber);
        if (ts == null) {
            throw new IllegalStateException("frame " + frameNumber + " is not in the seed list");
        }
        action.accept(ts);
    }
}
