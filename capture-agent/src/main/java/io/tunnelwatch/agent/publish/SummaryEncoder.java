package io.tunnelwatch.agent.publish;

import io.tunnelwatch.agent.capture.PacketView;
import io.tunnelwatch.agent.decode.DecodedPacket;
import io.tunnelwatch.agent.decode.PacketKind;
import io.tunnelwatch.agent.decode.ike.IkeMessage;
import io.tunnelwatch.agent.decode.tls.TlsContentType;
import io.tunnelwatch.agent.decode.tls.TlsHandshakeType;
import io.tunnelwatch.agent.decode.tls.TlsRecords;

/**
 * Writes the {@code AgentRecord} of a packet summary or an aggregate straight from the decoder's view,
 * byte for byte what {@link SummaryMapper#summary} and {@link SummaryMapper#aggregateSummary} give once
 * encoded by protobuf-java (a test holds the two together), without building the messages: the replay
 * encodes every published record, and the builders cost more than the decoding.
 *
 * <p>Field numbers are those of {@code summary.proto}. Not thread-safe: one per pipeline.
 */
public final class SummaryEncoder {
    private static final int AGENT_RECORD_PACKET = 1;

    private static final int TS_MICROS = 1;
    private static final int CAPTURE_SEQ = 2;
    private static final int SRC_IP = 3;
    private static final int DST_IP = 4;
    private static final int SRC_PORT = 5;
    private static final int DST_PORT = 6;
    private static final int KIND = 7;
    private static final int IP_LEN = 8;
    private static final int VLAN = 9;
    private static final int TCP = 10;
    private static final int TLS = 11;
    private static final int IKE = 12;
    private static final int ESP = 13;
    private static final int AGGREGATE = 14;
    private static final int NATT = 15;
    private static final int MALFORMED = 16;

    private static final int TCP_FLAGS = 1;
    private static final int TCP_SEQ = 2;
    private static final int TCP_ACK = 3;
    private static final int TCP_WINDOW = 4;
    private static final int TCP_PAYLOAD_LEN = 5;

    private static final int TLS_CONTENT_TYPE = 1;
    private static final int TLS_VERSION = 2;
    private static final int TLS_LENGTH = 3;
    private static final int TLS_HANDSHAKE_TYPES = 4;
    private static final int TLS_ALERT_LEVEL = 5;
    private static final int TLS_ALERT_DESCRIPTION = 6;
    private static final int TLS_SERVER_VERSION = 7;

    private static final int IKE_VERSION = 1;
    private static final int IKE_EXCHANGE_TYPE = 2;
    private static final int IKE_INITIATOR_SPI = 3;
    private static final int IKE_RESPONDER_SPI = 4;
    private static final int IKE_NEXT_PAYLOAD = 5;
    private static final int IKE_FLAGS = 6;
    private static final int IKE_MESSAGE_ID = 7;
    private static final int IKE_LENGTH = 8;
    private static final int IKE_PAYLOAD_TYPES = 9;
    private static final int IKE_NOTIFY_TYPES = 10;

    private static final int ESP_SPI = 1;
    private static final int ESP_SEQ = 2;

    private static final int AGGREGATE_PACKETS = 1;
    private static final int AGGREGATE_BYTES = 2;
    private static final int AGGREGATE_LAST_TS = 3;

    /** summary.proto's PacketKind numbers. */
    private static final int KIND_UNSPECIFIED = 0;
    private static final int KIND_TCP = 1;
    private static final int KIND_IKE = 2;
    private static final int KIND_ESP = 3;
    private static final int KIND_NATT_KEEPALIVE = 4;

    private static final int ACK = 0x10;

    private final ProtoWriter out = new ProtoWriter();

    /** The record of one packet published by itself; {@code frame} is the captured frame the decoder read. */
    public byte[] packet(DecodedPacket packet, PacketView frame, long captureSeq) {
        out.reset();
        int record = out.beginMessage(AGENT_RECORD_PACKET);
        out.sint64(TS_MICROS, packet.tsMicros());
        out.uint64(CAPTURE_SEQ, captureSeq);
        out.address(SRC_IP, packet.ipVersion(), packet.srcHigh(), packet.srcLow());
        out.address(DST_IP, packet.ipVersion(), packet.dstHigh(), packet.dstLow());
        if (packet.hasTransportPorts()) {
            out.uint32(SRC_PORT, packet.srcPort());
            out.uint32(DST_PORT, packet.dstPort());
        }
        out.uint32(KIND, kind(packet.kind()));
        out.uint32(IP_LEN, SummaryMapper.ipLength(packet, frame));
        out.uint32(VLAN, vlan(packet));
        if (packet.isTcp()) {
            int tcp = out.beginMessage(TCP);
            out.uint32(TCP_FLAGS, packet.tcpFlags());
            out.uint32(TCP_SEQ, (int) packet.tcpSeq());
            out.uint32(TCP_ACK, (int) packet.tcpAck());
            out.uint32(TCP_WINDOW, packet.tcpWindow());
            out.uint32(TCP_PAYLOAD_LEN, packet.tcpPayloadLength());
            out.endMessage(tcp);
            tlsRecords(packet.tls());
        }
        if (packet.hasIke()) {
            ike(packet.ike());
        }
        if (packet.hasEsp()) {
            int esp = out.beginMessage(ESP);
            out.fixed32(ESP_SPI, (int) packet.espSpi());
            if (packet.hasEspSequence()) {
                out.uint32(ESP_SEQ, (int) packet.espSequence());
            }
            out.endMessage(esp);
        }
        out.bool(NATT, packet.natt());
        out.string(MALFORMED, packet.malformed());
        out.endMessage(record);
        return out.toByteArray();
    }

    /** The record of an aggregate, as {@link SummaryMapper#aggregateSummary} describes it. */
    public byte[] aggregate(FlowKey flow, FlowAggregate aggregate) {
        out.reset();
        int record = out.beginMessage(AGENT_RECORD_PACKET);
        out.sint64(TS_MICROS, aggregate.firstMicros());
        out.uint64(CAPTURE_SEQ, aggregate.firstSeq());
        out.address(SRC_IP, flow.ipVersion(), flow.srcHigh(), flow.srcLow());
        out.address(DST_IP, flow.ipVersion(), flow.dstHigh(), flow.dstLow());
        if (flow.srcPort() != DecodedPacket.NO_PORT) {
            out.uint32(SRC_PORT, flow.srcPort());
            out.uint32(DST_PORT, flow.dstPort());
        }
        boolean esp = flow.flowClass() == FlowClass.ESP;
        out.uint32(KIND, esp ? KIND_ESP : KIND_TCP);
        out.uint32(VLAN, flow.vlan());
        if (esp) {
            // Fields 10-13 in number order: an ESP aggregate has no TCP or TLS part.
            int espMessage = out.beginMessage(ESP);
            out.fixed32(ESP_SPI, (int) flow.spi());
            out.endMessage(espMessage);
        } else {
            int tcp = out.beginMessage(TCP);
            out.uint32(TCP_FLAGS, ACK);
            out.endMessage(tcp);
            if (flow.flowClass() == FlowClass.TLS_APPLICATION_DATA) {
                int tls = out.beginMessage(TLS);
                out.uint32(TLS_CONTENT_TYPE, TlsContentType.APPLICATION_DATA);
                out.endMessage(tls);
            }
        }
        int counts = out.beginMessage(AGGREGATE);
        out.uint32(AGGREGATE_PACKETS, (int) Math.min(Integer.MAX_VALUE, aggregate.packets()));
        out.uint64(AGGREGATE_BYTES, aggregate.bytes());
        out.sint64(AGGREGATE_LAST_TS, aggregate.lastMicros());
        out.endMessage(counts);
        out.bool(NATT, flow.natt());
        out.endMessage(record);
        return out.toByteArray();
    }

    private void tlsRecords(TlsRecords tls) {
        for (int i = 0; i < tls.count(); i++) {
            int record = out.beginMessage(TLS);
            out.uint32(TLS_CONTENT_TYPE, tls.contentType(i));
            out.uint32(TLS_VERSION, tls.version(i));
            out.uint32(TLS_LENGTH, tls.length(i));
            int recordIndex = i;
            out.packedUint32(TLS_HANDSHAKE_TYPES, tls.handshakeCount(i), j -> tls.handshakeType(recordIndex, j));
            boolean serverHello = false;
            for (int j = 0; j < tls.handshakeCount(i); j++) {
                serverHello |= tls.handshakeType(i, j) == TlsHandshakeType.SERVER_HELLO;
            }
            if (tls.alertLevel(i) > 0) {
                out.uint32(TLS_ALERT_LEVEL, tls.alertLevel(i));
                out.uint32(TLS_ALERT_DESCRIPTION, tls.alertDescription(i));
            }
            if (serverHello) {
                out.uint32(TLS_SERVER_VERSION, tls.serverVersion());
            }
            out.endMessage(record);
        }
    }

    private void ike(IkeMessage message) {
        int ike = out.beginMessage(IKE);
        out.uint32(IKE_VERSION, message.majorVersion());
        out.uint32(IKE_EXCHANGE_TYPE, message.exchangeType());
        out.fixed64(IKE_INITIATOR_SPI, message.initiatorSpi());
        out.fixed64(IKE_RESPONDER_SPI, message.responderSpi());
        out.uint32(IKE_NEXT_PAYLOAD, message.nextPayload());
        out.uint32(IKE_FLAGS, message.flags());
        out.uint32(IKE_MESSAGE_ID, (int) message.messageId());
        out.uint32(IKE_LENGTH, (int) message.length());
        out.packedUint32(IKE_PAYLOAD_TYPES, message.payloadCount(), message::payloadType);
        out.packedUint32(IKE_NOTIFY_TYPES, message.notifyCount(), message::notifyType);
        out.endMessage(ike);
    }

    private static int kind(PacketKind kind) {
        return switch (kind) {
            case TCP -> KIND_TCP;
            case IKE -> KIND_IKE;
            case ESP -> KIND_ESP;
            case NATT_KEEPALIVE -> KIND_NATT_KEEPALIVE;
            default -> KIND_UNSPECIFIED;
        };
    }

    private static int vlan(DecodedPacket packet) {
        return packet.outerVlanId() == DecodedPacket.NO_VLAN ? 0 : packet.outerVlanId();
    }
}
