package io.tunnelwatch.agent.publish;

import com.google.protobuf.ByteString;
import io.tunnelwatch.agent.capture.PacketView;
import io.tunnelwatch.agent.config.VpnPorts;
import io.tunnelwatch.agent.decode.DecodedPacket;
import io.tunnelwatch.agent.decode.PacketKind;
import io.tunnelwatch.agent.decode.ike.IkeMessage;
import io.tunnelwatch.agent.decode.tls.TlsContentType;
import io.tunnelwatch.agent.decode.tls.TlsHandshakeType;
import io.tunnelwatch.agent.decode.tls.TlsRecords;
import io.tunnelwatch.summary.TunnelKey;
import io.tunnelwatch.summary.v1.Aggregate;
import io.tunnelwatch.summary.v1.Esp;
import io.tunnelwatch.summary.v1.Ike;
import io.tunnelwatch.summary.v1.PacketSummary;
import io.tunnelwatch.summary.v1.Tcp;
import io.tunnelwatch.summary.v1.TlsRecord;

/**
 * From the decoder's view of a packet to the published {@link PacketSummary}: decides which packets
 * matter (VPN ports), which are handshake packets published one by one and which are data-plane
 * packets for the {@link FlowAggregator}, and builds summaries and tunnel keys.
 */
public final class SummaryMapper {
    /** What the pipeline does with a decoded packet. */
    public enum Disposition {
        /** Not part of a VPN attempt (other ports, ARP, later fragments, unreadable frames). */
        IGNORE,
        /** A handshake packet or an anomaly: published by itself. */
        PUBLISH,
        /** Data plane: goes through the aggregator. */
        AGGREGATE
    }

    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int ACK = 0x10;
    private static final int IPV4_HEADER_TO_SOURCE = 12;
    private static final int IPV6_HEADER_TO_SOURCE = 8;
    private static final int IPV6_FIXED_HEADER = 40;

    private final VpnPorts ports;

    public SummaryMapper(VpnPorts ports) {
        this.ports = ports;
    }

    public Disposition classify(DecodedPacket packet) {
        return switch (packet.kind()) {
            case TCP -> classifyTcp(packet);
            case ESP -> packet.malformed() == null ? Disposition.AGGREGATE : Disposition.PUBLISH;
            case IKE, NATT_KEEPALIVE, UDP_VPN_PORT -> Disposition.PUBLISH;
            case LATER_FRAGMENT, NOT_VPN, UNREADABLE -> Disposition.IGNORE;
        };
    }

    /** The flow a packet classified {@link Disposition#AGGREGATE} is counted in. */
    public FlowKey flowKey(DecodedPacket packet, int source) {
        FlowClass flowClass = packet.kind() == PacketKind.ESP ? FlowClass.ESP : tcpFlowClass(packet);
        return new FlowKey(packet.ipVersion(), packet.srcHigh(), packet.srcLow(), packet.dstHigh(), packet.dstLow(),
                packet.srcPort(), packet.dstPort(), flowClass, flowClass == FlowClass.ESP ? packet.espSpi() : 0,
                vlan(packet), packet.natt(), source);
    }

    public byte[] tunnelKey(DecodedPacket packet) {
        return TunnelKey.of(address(packet.ipVersion(), packet.srcHigh(), packet.srcLow()),
                address(packet.ipVersion(), packet.dstHigh(), packet.dstLow()));
    }

    public byte[] tunnelKey(FlowKey flow) {
        return TunnelKey.of(address(flow.ipVersion(), flow.srcHigh(), flow.srcLow()),
                address(flow.ipVersion(), flow.dstHigh(), flow.dstLow()));
    }

    /** The summary of one packet; {@code frame} is the captured frame the decoder read. */
    public PacketSummary summary(DecodedPacket packet, PacketView frame, long captureSeq) {
        PacketSummary.Builder summary = PacketSummary.newBuilder()
                .setTsMicros(packet.tsMicros())
                .setCaptureSeq(captureSeq)
                .setSrcIp(ByteString.copyFrom(address(packet.ipVersion(), packet.srcHigh(), packet.srcLow())))
                .setDstIp(ByteString.copyFrom(address(packet.ipVersion(), packet.dstHigh(), packet.dstLow())))
                .setKind(kind(packet.kind()))
                .setIpLen(ipLength(packet, frame))
                .setVlan(vlan(packet))
                .setNatt(packet.natt());
        if (packet.hasTransportPorts()) {
            summary.setSrcPort(packet.srcPort()).setDstPort(packet.dstPort());
        }
        if (packet.isTcp()) {
            summary.setTcp(Tcp.newBuilder().setFlags(packet.tcpFlags()).setSeq((int) packet.tcpSeq())
                    .setAck((int) packet.tcpAck()).setWindow(packet.tcpWindow()).setPayloadLen(packet.tcpPayloadLength()));
            addTlsRecords(packet.tls(), summary);
        }
        if (packet.hasIke()) {
            summary.setIke(ike(packet.ike()));
        }
        if (packet.hasEsp()) {
            Esp.Builder esp = Esp.newBuilder().setSpi((int) packet.espSpi());
            if (packet.hasEspSequence()) {
                esp.setSeq((int) packet.espSequence());
            }
            summary.setEsp(esp);
        }
        if (packet.malformed() != null) {
            summary.setMalformed(packet.malformed());
        }
        return summary.build();
    }

    /**
     * The summary of an aggregate: the flow's addresses, ports and kind, its first packet's time and
     * sequence number, and the counts. TCP aggregates say ACK; application-data aggregates carry one
     * record of type 23 so the job sees what flowed without the aggregate pretending to be a packet.
     */
    public PacketSummary aggregateSummary(FlowKey flow, FlowAggregate aggregate) {
        PacketSummary.Builder summary = PacketSummary.newBuilder()
                .setTsMicros(aggregate.firstMicros())
                .setCaptureSeq(aggregate.firstSeq())
                .setSrcIp(ByteString.copyFrom(address(flow.ipVersion(), flow.srcHigh(), flow.srcLow())))
                .setDstIp(ByteString.copyFrom(address(flow.ipVersion(), flow.dstHigh(), flow.dstLow())))
                .setVlan(flow.vlan())
                .setNatt(flow.natt())
                .setAggregate(Aggregate.newBuilder().setPackets((int) Math.min(Integer.MAX_VALUE, aggregate.packets()))
                        .setBytes(aggregate.bytes()).setLastTsMicros(aggregate.lastMicros()));
        if (flow.srcPort() != DecodedPacket.NO_PORT) {
            summary.setSrcPort(flow.srcPort()).setDstPort(flow.dstPort());
        }
        if (flow.flowClass() == FlowClass.ESP) {
            summary.setKind(io.tunnelwatch.summary.v1.PacketKind.ESP).setEsp(Esp.newBuilder().setSpi((int) flow.spi()));
        } else {
            summary.setKind(io.tunnelwatch.summary.v1.PacketKind.TCP).setTcp(Tcp.newBuilder().setFlags(ACK));
            if (flow.flowClass() == FlowClass.TLS_APPLICATION_DATA) {
                summary.addTls(TlsRecord.newBuilder().setContentType(TlsContentType.APPLICATION_DATA));
            }
        }
        return summary.build();
    }

    /** Bytes of the IP packet on the wire, from its own length field (the frame may carry link padding). */
    public static int ipLength(DecodedPacket packet, PacketView frame) {
        if (packet.ipVersion() == 4) {
            int header = packet.srcAddressOffset() - IPV4_HEADER_TO_SOURCE;
            return u16(frame, header + 2);
        }
        if (packet.ipVersion() == 6) {
            int header = packet.srcAddressOffset() - IPV6_HEADER_TO_SOURCE;
            return IPV6_FIXED_HEADER + u16(frame, header + 4);
        }
        return 0;
    }

    private Disposition classifyTcp(DecodedPacket packet) {
        if (!ports.isTlsPort(packet.srcPort()) && !ports.isTlsPort(packet.dstPort())) {
            return Disposition.IGNORE;
        }
        if ((packet.tcpFlags() & (SYN | FIN | RST)) != 0 || packet.malformed() != null) {
            return Disposition.PUBLISH;
        }
        TlsRecords tls = packet.tls();
        if (tls.count() == 0) {
            // No record starts here: a pure ACK, or the middle of a record begun earlier.
            return Disposition.AGGREGATE;
        }
        if (tls.unlisted() > 0 || tls.anySslv2()) {
            return Disposition.PUBLISH;
        }
        for (int i = 0; i < tls.count(); i++) {
            if (tls.contentType(i) != TlsContentType.APPLICATION_DATA) {
                return Disposition.PUBLISH;
            }
        }
        return Disposition.AGGREGATE;
    }

    private static FlowClass tcpFlowClass(DecodedPacket packet) {
        if (packet.tls().count() > 0) {
            return FlowClass.TLS_APPLICATION_DATA;
        }
        return packet.tcpPayloadLength() == 0 ? FlowClass.TCP_PURE_ACK : FlowClass.TLS_CONTINUATION;
    }

    private static void addTlsRecords(TlsRecords tls, PacketSummary.Builder summary) {
        for (int i = 0; i < tls.count(); i++) {
            TlsRecord.Builder record = TlsRecord.newBuilder()
                    .setContentType(tls.contentType(i)).setVersion(tls.version(i)).setLength(tls.length(i));
            boolean serverHello = false;
            for (int j = 0; j < tls.handshakeCount(i); j++) {
                record.addHandshakeTypes(tls.handshakeType(i, j));
                serverHello |= tls.handshakeType(i, j) == TlsHandshakeType.SERVER_HELLO;
            }
            if (tls.alertLevel(i) > 0) {
                record.setAlertLevel(tls.alertLevel(i)).setAlertDescription(tls.alertDescription(i));
            }
            if (serverHello) {
                record.setServerVersion(tls.serverVersion());
            }
            summary.addTls(record);
        }
    }

    private static Ike.Builder ike(IkeMessage message) {
        Ike.Builder ike = Ike.newBuilder()
                .setVersion(message.majorVersion())
                .setExchangeType(message.exchangeType())
                .setInitiatorSpi(message.initiatorSpi())
                .setResponderSpi(message.responderSpi())
                .setNextPayload(message.nextPayload())
                .setFlags(message.flags())
                .setMessageId((int) message.messageId())
                .setLength((int) message.length());
        for (int i = 0; i < message.payloadCount(); i++) {
            ike.addPayloadTypes(message.payloadType(i));
        }
        for (int i = 0; i < message.notifyCount(); i++) {
            ike.addNotifyTypes(message.notifyType(i));
        }
        return ike;
    }

    private static io.tunnelwatch.summary.v1.PacketKind kind(PacketKind kind) {
        return switch (kind) {
            case TCP -> io.tunnelwatch.summary.v1.PacketKind.TCP;
            case IKE -> io.tunnelwatch.summary.v1.PacketKind.IKE;
            case ESP -> io.tunnelwatch.summary.v1.PacketKind.ESP;
            case NATT_KEEPALIVE -> io.tunnelwatch.summary.v1.PacketKind.NATT_KEEPALIVE;
            // UDP on a VPN port that is neither: published as unspecified, with the decoder's reason.
            default -> io.tunnelwatch.summary.v1.PacketKind.PACKET_KIND_UNSPECIFIED;
        };
    }

    private static int vlan(DecodedPacket packet) {
        return packet.outerVlanId() == DecodedPacket.NO_VLAN ? 0 : packet.outerVlanId();
    }

    private static byte[] address(int ipVersion, long high, long low) {
        if (ipVersion == 6) {
            byte[] address = new byte[16];
            for (int i = 0; i < 8; i++) {
                address[i] = (byte) (high >>> (56 - 8 * i));
                address[8 + i] = (byte) (low >>> (56 - 8 * i));
            }
            return address;
        }
        return new byte[] {(byte) (low >>> 24), (byte) (low >>> 16), (byte) (low >>> 8), (byte) low};
    }

    private static int u16(PacketView frame, int index) {
        if (index < 0 || index + 2 > frame.offset() + frame.capturedLength()) {
            return 0;
        }
        return frame.buffer().getShort(index) & 0xFFFF;
    }
}
