package io.tunnelwatch.correlation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A compact, versioned binary form of {@link TunnelState}, for keyed state that must survive
 * checkpoints, restarts and RocksDB (a Flink {@code TypeSerializer} only has to delegate here).
 *
 * <p>Enums are written by ordinal: reordering or removing a constant of {@link TunnelPhase},
 * {@link FailureReason} or {@link GatewayEvidence} needs a new {@link #FORMAT_VERSION}; appending one
 * does not.
 */
public final class TunnelStateCodec {
    public static final int FORMAT_VERSION = 1;

    private TunnelStateCodec() {
    }

    public static byte[] toBytes(TunnelState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(state, out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    public static TunnelState fromBytes(byte[] bytes) throws IOException {
        return read(new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    public static void write(TunnelState state, DataOutput out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        out.writeBoolean(state.gateway != null);
        if (state.gateway != null) {
            writeAddress(state.client, out);
            writeAddress(state.gateway, out);
        }
        out.writeByte(state.gatewayEvidence.ordinal());
        out.writeBoolean(state.agentId != null);
        if (state.agentId != null) {
            out.writeUTF(state.agentId);
        }
        out.writeShort(state.clientPort);
        out.writeShort(state.gatewayPort);
        out.writeLong(state.lastActivityMicros);
        out.writeInt(state.attemptsSinceEstablished);
        out.writeLong(state.lastDropCounter);
        out.writeLong(state.lastPhase1Spi);
        out.writeByte(state.pastConnections.length);
        for (long connection : state.pastConnections) {
            out.writeLong(connection);
        }
        out.writeLong(state.establishedAtMicros);
        out.writeLong(state.espPacketsClientToGateway);
        out.writeLong(state.espBytesClientToGateway);
        out.writeLong(state.espPacketsGatewayToClient);
        out.writeLong(state.espBytesGatewayToClient);
        out.writeLong(state.lastEspFromClient);
        out.writeLong(state.lastEspFromGateway);
        out.writeBoolean(state.attempt != null);
        if (state.attempt != null) {
            writeAttempt(state.attempt, out);
        }
    }

    public static TunnelState read(DataInput in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != FORMAT_VERSION) {
            throw new IOException("tunnel state format " + version + " is not readable, expected " + FORMAT_VERSION);
        }
        TunnelState state = TunnelState.empty();
        if (in.readBoolean()) {
            state.client = readAddress(in);
            state.gateway = readAddress(in);
        }
        state.gatewayEvidence = enumAt(GatewayEvidence.values(), in.readUnsignedByte());
        state.agentId = in.readBoolean() ? in.readUTF() : null;
        state.clientPort = in.readUnsignedShort();
        state.gatewayPort = in.readUnsignedShort();
        state.lastActivityMicros = in.readLong();
        state.attemptsSinceEstablished = in.readInt();
        state.lastDropCounter = in.readLong();
        state.lastPhase1Spi = in.readLong();
        long[] past = new long[in.readUnsignedByte()];
        for (int i = 0; i < past.length; i++) {
            past[i] = in.readLong();
        }
        state.pastConnections = past;
        state.establishedAtMicros = in.readLong();
        state.espPacketsClientToGateway = in.readLong();
        state.espBytesClientToGateway = in.readLong();
        state.espPacketsGatewayToClient = in.readLong();
        state.espBytesGatewayToClient = in.readLong();
        state.lastEspFromClient = in.readLong();
        state.lastEspFromGateway = in.readLong();
        state.attempt = in.readBoolean() ? readAttempt(in) : null;
        return state;
    }

    private static void writeAttempt(Attempt a, DataOutput out) throws IOException {
        out.writeInt(a.number);
        out.writeBoolean(a.rekey);
        out.writeLong(a.startMicros);
        out.writeByte(a.phase.ordinal());
        out.writeLong(a.phaseAnchorMicros);
        out.writeShort(a.clientPort);
        out.writeShort(a.gatewayPort);
        for (long time : new long[] {a.connectivityFirst, a.connectivityLast, a.policyFirst, a.policyLast,
                a.networkFirst, a.networkLast}) {
            out.writeLong(time);
        }
        out.writeByte(a.connections.length);
        for (TlsConnection c : a.connections) {
            out.writeShort(c.clientPort);
            out.writeShort(c.gatewayPort);
            out.writeLong(c.initialSequence);
            out.writeLong(c.synAtMicros);
            out.writeLong(c.handshakeStartMicros);
            out.writeByte(c.failure == null ? -1 : c.failure.ordinal());
            out.writeInt(c.flags);
        }
        out.writeInt(a.tcpConnections);
        out.writeInt(a.tlsAlertDescription);
        out.writeBoolean(a.tlsAlertFromClient);
        out.writeByte(a.ikeVersion);
        out.writeByte(a.phase1Exchange);
        out.writeLong(a.initiatorSpi);
        out.writeLong(a.responderSpi);
        out.writeBoolean(a.initiatorIsClient);
        out.writeBoolean(a.responderSpoke);
        out.writeInt(a.retryHintNotify);
        out.writeInt(a.initiatorMessages);
        out.writeInt(a.responderMessages);
        out.writeLong(a.lastInitiatorMessage);
        out.writeLong(a.lastResponderMessage);
        out.writeBoolean(a.phase2InitiatorIsClient);
        out.writeInt(a.retransmissions);
        out.writeLong(a.espPacketsClientToGateway);
        out.writeLong(a.espBytesClientToGateway);
        out.writeLong(a.espPacketsGatewayToClient);
        out.writeLong(a.espBytesGatewayToClient);
        out.writeLong(a.drops);
    }

    private static Attempt readAttempt(DataInput in) throws IOException {
        int number = in.readInt();
        boolean rekey = in.readBoolean();
        long start = in.readLong();
        Attempt a = new Attempt(number, rekey, start, enumAt(TunnelPhase.values(), in.readUnsignedByte()));
        a.phaseAnchorMicros = in.readLong();
        a.clientPort = in.readUnsignedShort();
        a.gatewayPort = in.readUnsignedShort();
        a.connectivityFirst = in.readLong();
        a.connectivityLast = in.readLong();
        a.policyFirst = in.readLong();
        a.policyLast = in.readLong();
        a.networkFirst = in.readLong();
        a.networkLast = in.readLong();
        TlsConnection[] connections = new TlsConnection[in.readUnsignedByte()];
        for (int i = 0; i < connections.length; i++) {
            TlsConnection c = new TlsConnection(in.readUnsignedShort(), in.readUnsignedShort());
            c.initialSequence = in.readLong();
            c.synAtMicros = in.readLong();
            c.handshakeStartMicros = in.readLong();
            int failure = in.readByte();
            c.failure = failure < 0 ? null : enumAt(FailureReason.values(), failure);
            c.flags = in.readInt();
            connections[i] = c;
        }
        a.connections = connections;
        a.tcpConnections = in.readInt();
        a.tlsAlertDescription = in.readInt();
        a.tlsAlertFromClient = in.readBoolean();
        a.ikeVersion = in.readUnsignedByte();
        a.phase1Exchange = in.readUnsignedByte();
        a.initiatorSpi = in.readLong();
        a.responderSpi = in.readLong();
        a.initiatorIsClient = in.readBoolean();
        a.responderSpoke = in.readBoolean();
        a.retryHintNotify = in.readInt();
        a.initiatorMessages = in.readInt();
        a.responderMessages = in.readInt();
        a.lastInitiatorMessage = in.readLong();
        a.lastResponderMessage = in.readLong();
        a.phase2InitiatorIsClient = in.readBoolean();
        a.retransmissions = in.readInt();
        a.espPacketsClientToGateway = in.readLong();
        a.espBytesClientToGateway = in.readLong();
        a.espPacketsGatewayToClient = in.readLong();
        a.espBytesGatewayToClient = in.readLong();
        a.drops = in.readLong();
        return a;
    }

    private static void writeAddress(IpAddress address, DataOutput out) throws IOException {
        out.writeLong(address.high());
        out.writeLong(address.low());
    }

    private static IpAddress readAddress(DataInput in) throws IOException {
        return new IpAddress(in.readLong(), in.readLong());
    }

    private static <E extends Enum<E>> E enumAt(E[] values, int ordinal) throws IOException {
        if (ordinal < 0 || ordinal >= values.length) {
            throw new IOException("no " + values.getClass().getComponentType().getSimpleName() + " number " + ordinal);
        }
        return values[ordinal];
    }
}
