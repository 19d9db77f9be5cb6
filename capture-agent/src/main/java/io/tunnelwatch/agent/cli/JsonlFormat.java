package io.tunnelwatch.agent.cli;

import io.tunnelwatch.agent.decode.DecodedPacket;
import io.tunnelwatch.agent.decode.IpAddressText;
import io.tunnelwatch.agent.decode.ike.IkeMessage;
import io.tunnelwatch.agent.decode.tls.TlsRecords;

/**
 * The stable jsonl contract documented in docs/decoder.md: one JSON object per packet, fields in a fixed
 * order and omitted when absent, numbers as JSON integers. Written by hand into a reused builder because
 * this is the hot path of {@code decode --format jsonl}.
 */
final class JsonlFormat implements PacketLineFormat {

    @Override
    public void append(DecodedPacket p, StringBuilder line) {
        line.append("{\"ts\":");
        PacketLineFormat.appendTimestamp(line, p.tsMicros());
        if (p.ipVersion() != 0) {
            line.append(",\"src\":\"");
            PacketLineFormat.appendAddress(line, p, true);
            line.append("\",\"dst\":\"");
            PacketLineFormat.appendAddress(line, p, false);
            line.append('"');
        }
        if (p.protocol() >= 0) {
            line.append(",\"proto\":").append(p.protocol());
        }
        if (p.hasTransportPorts()) {
            line.append(",\"sport\":").append(p.srcPort()).append(",\"dport\":").append(p.dstPort());
        }
        if (p.vlanCount() > 0) {
            line.append(",\"vlan\":").append(p.outerVlanId());
        }
        if (p.isTcp()) {
            line.append(",\"tcp\":{\"flags\":").append(p.tcpFlags())
                    .append(",\"seq\":").append(p.tcpSeq())
                    .append(",\"ack\":").append(p.tcpAck())
                    .append(",\"win\":").append(p.tcpWindow())
                    .append(",\"len\":").append(p.tcpPayloadLength()).append('}');
        }
        appendTls(p.tls(), line);
        if (p.hasIke()) {
            appendIke(p.ike(), line);
        }
        if (p.hasEsp()) {
            line.append(",\"esp\":{\"spi\":").append(p.espSpi());
            if (p.hasEspSequence()) {
                line.append(",\"seq\":").append(p.espSequence());
            }
            line.append('}');
        }
        if (p.natt()) {
            line.append(",\"natt\":true");
        }
        if (p.malformed() != null) {
            line.append(",\"malformed\":");
            appendString(line, p.malformed());
        }
        line.append('}');
    }

    private static void appendTls(TlsRecords tls, StringBuilder line) {
        if (tls.count() == 0) {
            return;
        }
        line.append(",\"tls\":[");
        for (int i = 0; i < tls.count(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append('{');
            if (!tls.sslv2(i)) {
                line.append("\"ct\":").append(tls.contentType(i)).append(',');
            }
            line.append("\"ver\":").append(tls.version(i)).append(",\"len\":").append(tls.length(i));
            if (tls.handshakeCount(i) > 0) {
                line.append(",\"hs\":[");
                for (int j = 0; j < tls.handshakeCount(i); j++) {
                    if (j > 0) {
                        line.append(',');
                    }
                    line.append(tls.handshakeType(i, j));
                }
                line.append(']');
            }
            if (tls.alertLevel(i) >= 0) {
                line.append(",\"alert\":[").append(tls.alertLevel(i)).append(',')
                        .append(tls.alertDescription(i)).append(']');
            }
            line.append('}');
        }
        line.append(']');
        if (tls.anySslv2()) {
            line.append(",\"sslv2\":true");
        }
    }

    private static void appendIke(IkeMessage ike, StringBuilder line) {
        line.append(",\"ike\":{\"v\":").append(ike.majorVersion())
                .append(",\"xt\":").append(ike.exchangeType())
                .append(",\"ispi\":\"");
        IpAddressText.appendHex(line, ike.initiatorSpi(), 16);
        line.append("\",\"rspi\":\"");
        IpAddressText.appendHex(line, ike.responderSpi(), 16);
        line.append("\",\"np\":").append(ike.nextPayload())
                .append(",\"flags\":").append(ike.flags())
                .append(",\"mid\":").append(ike.messageId())
                .append(",\"len\":").append(ike.length());
        if (ike.payloadCount() > 0) {
            line.append(",\"payloads\":[");
            for (int i = 0; i < ike.payloadCount(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                line.append(ike.payloadType(i));
            }
            line.append(']');
        }
        if (ike.notifyCount() > 0) {
            line.append(",\"notify\":[");
            for (int i = 0; i < ike.notifyCount(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                line.append(ike.notifyType(i));
            }
            line.append(']');
        }
        line.append('}');
    }

    /** JSON string with the escapes RFC 8259 section 7 requires. */
    static void appendString(StringBuilder line, String value) {
        line.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                line.append('\\').append(c);
            } else if (c < 0x20) {
                line.append("\\u00");
                IpAddressText.appendHex(line, c, 2);
            } else {
                line.append(c);
            }
        }
        line.append('"');
    }
}
