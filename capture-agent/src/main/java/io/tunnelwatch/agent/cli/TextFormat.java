package io.tunnelwatch.agent.cli;

import io.tunnelwatch.agent.decode.DecodedPacket;
import io.tunnelwatch.agent.decode.IpAddressText;
import io.tunnelwatch.agent.decode.ike.IkeExchangeType;
import io.tunnelwatch.agent.decode.ike.IkeMessage;
import io.tunnelwatch.agent.decode.tls.TlsRecords;

/**
 * A tcpdump-like one-liner for people, e.g.
 * {@code 1429518024.029295 IP 127.0.0.1.50802 > 127.0.0.1.10443: TCP [P.] seq 3915133863 ack 2641206593 win 342 len 295 TLS 22/0x0301/290 hs [1]}.
 * Not a stable format: scripts use jsonl.
 */
final class TextFormat implements PacketLineFormat {
    /** tcpdump's letters for the TCP flags, lowest bit first ('.' is ACK). */
    private static final char[] FLAG_LETTERS = {'F', 'S', 'R', 'P', '.', 'U', 'E', 'W'};

    @Override
    public void append(DecodedPacket p, StringBuilder line) {
        PacketLineFormat.appendTimestamp(line, p.tsMicros());
        if (p.vlanCount() > 0) {
            line.append(" vlan ").append(p.outerVlanId());
            if (p.vlanCount() > 1) {
                line.append(',').append(p.innerVlanId());
            }
        }
        line.append(p.ipVersion() == 6 ? " IP6 " : " IP ");
        PacketLineFormat.appendAddress(line, p, true);
        if (p.hasTransportPorts()) {
            line.append('.').append(p.srcPort());
        }
        line.append(" > ");
        PacketLineFormat.appendAddress(line, p, false);
        if (p.hasTransportPorts()) {
            line.append('.').append(p.dstPort());
        }
        line.append(':');
        if (p.isTcp()) {
            appendTcp(p, line);
        } else if (p.isUdp()) {
            line.append(p.natt() ? " UDP-encap" : " UDP").append(" len ").append(p.udpLength());
        } else {
            line.append(" proto ").append(p.protocol());
        }
        appendTls(p.tls(), line);
        if (p.hasIke()) {
            appendIke(p.ike(), line);
        }
        if (p.hasEsp()) {
            line.append(" ESP spi 0x");
            IpAddressText.appendHex(line, p.espSpi(), 8);
            if (p.hasEspSequence()) {
                line.append(" seq ").append(p.espSequence());
            }
        }
        if (p.natt() && !p.hasIke() && !p.hasEsp() && p.malformed() == null) {
            line.append(" NAT-keepalive");
        }
        if (p.malformed() != null) {
            line.append(" [malformed: ").append(p.malformed()).append(']');
        }
    }

    private static void appendTcp(DecodedPacket p, StringBuilder line) {
        line.append(" TCP [");
        for (int bit = 0; bit < FLAG_LETTERS.length; bit++) {
            if ((p.tcpFlags() & (1 << bit)) != 0 && bit != 4) {
                line.append(FLAG_LETTERS[bit]);
            }
        }
        if ((p.tcpFlags() & 0x10) != 0) {
            line.append('.');
        }
        line.append("] seq ").append(p.tcpSeq()).append(" ack ").append(p.tcpAck())
                .append(" win ").append(p.tcpWindow()).append(" len ").append(p.tcpPayloadLength());
    }

    private static void appendTls(TlsRecords tls, StringBuilder line) {
        for (int i = 0; i < tls.count(); i++) {
            if (tls.sslv2(i)) {
                line.append(" SSLv2/").append(tls.length(i));
            } else {
                line.append(" TLS ").append(tls.contentType(i)).append("/0x");
                IpAddressText.appendHex(line, tls.version(i), 4);
                line.append('/').append(tls.length(i));
            }
            if (tls.handshakeCount(i) > 0) {
                line.append(" hs [");
                for (int j = 0; j < tls.handshakeCount(i); j++) {
                    line.append(j > 0 ? "," : "").append(tls.handshakeType(i, j));
                }
                line.append(']');
            }
            if (tls.alertLevel(i) >= 0) {
                line.append(" alert ").append(tls.alertLevel(i)).append('/').append(tls.alertDescription(i));
            }
        }
    }

    private static void appendIke(IkeMessage ike, StringBuilder line) {
        line.append(" IKEv").append(ike.majorVersion()).append(' ')
                .append(IkeExchangeType.of(ike.exchangeType())).append(" ispi ");
        IpAddressText.appendHex(line, ike.initiatorSpi(), 16);
        line.append(" rspi ");
        IpAddressText.appendHex(line, ike.responderSpi(), 16);
        line.append(" mid ").append(ike.messageId()).append(" flags 0x");
        IpAddressText.appendHex(line, ike.flags(), 2);
        line.append(" len ").append(ike.length()).append(" payloads [");
        for (int i = 0; i < ike.payloadCount(); i++) {
            line.append(i > 0 ? "," : "").append(ike.payloadType(i));
        }
        line.append(']');
        if (ike.notifyCount() > 0) {
            line.append(" notify [");
            for (int i = 0; i < ike.notifyCount(); i++) {
                line.append(i > 0 ? "," : "").append(ike.notifyType(i));
            }
            line.append(']');
        }
    }
}
