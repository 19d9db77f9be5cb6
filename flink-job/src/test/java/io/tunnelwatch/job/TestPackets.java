package io.tunnelwatch.job;

import com.google.protobuf.ByteString;
import io.tunnelwatch.summary.v1.Esp;
import io.tunnelwatch.summary.v1.Ike;
import io.tunnelwatch.summary.v1.PacketKind;
import io.tunnelwatch.summary.v1.PacketSummary;

/** Packets of one client-gateway pair, built with the real schema classes. */
final class TestPackets {
    private TestPackets() {}

    static final byte[] CLIENT = {(byte) 198, 51, 100, 7};
    static final byte[] GATEWAY = {(byte) 192, 0, 2, 1};
    static final String TUNNEL = "192.0.2.1|198.51.100.7";

    /** 2026-01-01T00:00:00Z in microseconds: the start of every scenario. */
    static final long T0 = 1_767_225_600_000_000L;

    static long seconds(double s) {
        return Math.round(s * 1_000_000L);
    }

    static PacketSummary esp(long tsMicros, long captureSeq, byte[] src, byte[] dst) {
        return PacketSummary.newBuilder()
                .setTsMicros(tsMicros)
                .setCaptureSeq(captureSeq)
                .setSrcIp(ByteString.copyFrom(src))
                .setDstIp(ByteString.copyFrom(dst))
                .setKind(PacketKind.ESP)
                .setIpLen(120)
                .setEsp(Esp.newBuilder().setSpi(0x1000).setSeq((int) captureSeq))
                .build();
    }

    /** A packet of {@link #TUNNEL} as the job carries it. */
    static TunnelPacket packet(long tsMicros, long captureSeq) {
        return carried(esp(tsMicros, captureSeq, CLIENT, GATEWAY));
    }

    /** ISAKMP Identity Protection (Main Mode), as in the contract's table of exchange types. */
    static final int IKEV1_MAIN_MODE = 2;
    static final int IKE_PORT = 500;
    static final long INITIATOR_COOKIE = 0x1122_3344_5566_7788L;

    /**
     * The client's first Main Mode message (MM1): IKEv1, responder cookie zero, an SA payload (1).
     * Unanswered, it is an IKE_NO_RESPONSE attempt judged at {@code tsMicros} + 30 s.
     */
    static PacketSummary mainModeStart(long tsMicros, long captureSeq, byte[] client, byte[] gateway) {
        return PacketSummary.newBuilder()
                .setTsMicros(tsMicros)
                .setCaptureSeq(captureSeq)
                .setSrcIp(ByteString.copyFrom(client))
                .setDstIp(ByteString.copyFrom(gateway))
                .setSrcPort(IKE_PORT)
                .setDstPort(IKE_PORT)
                .setKind(PacketKind.IKE)
                .setIpLen(200)
                .setIke(Ike.newBuilder().setVersion(1).setExchangeType(IKEV1_MAIN_MODE)
                        .setInitiatorSpi(INITIATOR_COOKIE).setResponderSpi(0).setNextPayload(1)
                        .setLength(172).addPayloadTypes(1))
                .build();
    }

    /** {@link #mainModeStart} from {@link #CLIENT} to {@link #GATEWAY}, as the job carries it. */
    static TunnelPacket mainModeStartPacket(long tsMicros, long captureSeq) {
        return carried(mainModeStart(tsMicros, captureSeq, CLIENT, GATEWAY));
    }

    /** A summary of {@link #TUNNEL} from {@code agent-1} at {@code branch-1}, decoded as the job's source does. */
    static TunnelPacket carried(PacketSummary summary) {
        return new TunnelPacket(TUNNEL, summary.getTsMicros(), summary.getCaptureSeq(), "agent-1", "branch-1", "",
                PacketFacts.from(summary, "agent-1").orElse(null));
    }

    /** A heartbeat of {@code agent-1} with its cumulative kernel drops. */
    static AgentHeartbeat heartbeat(long clockMicros, long kernelDrops) {
        return new AgentHeartbeat("agent-1", "branch-1", 0, clockMicros, 1000, kernelDrops, 0, 0, 1000);
    }
}
