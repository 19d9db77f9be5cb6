package io.tunnelwatch.job;

import com.google.protobuf.ByteString;
import io.tunnelwatch.summary.v1.AgentRecord;
import io.tunnelwatch.summary.v1.Esp;
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
        PacketSummary summary = esp(tsMicros, captureSeq, CLIENT, GATEWAY);
        return new TunnelPacket(TUNNEL, tsMicros, captureSeq, "agent-1", "branch-1", "",
                AgentRecord.newBuilder().setPacket(summary).build().toByteArray());
    }
}
