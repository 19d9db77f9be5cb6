package io.tunnelwatch.correlation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the seed's Wireshark frame list (frame, relative time, source, destination, protocol, Info)
 * into the facts the agent would have sent. The Info column does not show everything; what it
 * leaves out is filled in from the seed's own description, and said so below:
 * <ul>
 *   <li>TLS rows carry no ports: they belong to the connection of the TCP rows around them;</li>
 *   <li>ISAKMP rows carry no cookies: one initiator cookie for the whole trace, the responder cookie
 *       zero only in the first Main Mode message; MM5, MM6, Quick Mode and Informationals are
 *       encrypted ("6 messages, the last two encrypted", phase 2 "encrypted");</li>
 *   <li>ISAKMP lengths are not shown: each message gets its own, so none looks like a retransmission;</li>
 *   <li>port names are Wireshark's; their numbers only need to be distinct, and 443 for https.</li>
 * </ul>
 */
final class SeedTrace {
    static final String RESOURCE = "/seed/quickvpn-trace.tsv";
    static final IpAddress CLIENT = IpAddress.parse("213.16.33.141");
    static final IpAddress GATEWAY = IpAddress.parse("79.189.214.86");
    static final long INITIATOR_COOKIE = 0x5eed_c00c_1e00_0001L;
    static final long RESPONDER_COOKIE = 0x5eed_c00c_1e00_0002L;

    private static final Map<String, Integer> PORTS = Map.of("https", 443, "nav-port", 3000, "giga-pocket", 3001);
    private static final Pattern TCP_INFO = Pattern.compile(
            "(\\S+) > (\\S+) \\[([A-Z, ]+)\\](?: Seq=(\\d+))?(?: Ack=(\\d+))?.*?(?:Len=(\\d*))?.*");
    private static final Pattern SPI = Pattern.compile("SPI=0x([0-9a-fA-F]+)");

    private int srcPort;
    private int dstPort;
    private IpAddress connectionSrc;
    private int mainModeMessages;

    private SeedTrace() {
    }

    /** The seed's facts, its relative time 0 placed at {@code epochMicros}. */
    static List<PacketFact> facts(long epochMicros) {
        return new SeedTrace().parse(epochMicros, lines());
    }

    private static List<String> lines() {
        try (InputStream in = SeedTrace.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<PacketFact> parse(long epochMicros, List<String> lines) {
        List<PacketFact> facts = new ArrayList<>();
        for (String line : lines) {
            String[] columns = line.split("\t");
            if (columns.length != 6) {
                throw new IllegalArgumentException("expected 6 tab-separated columns: " + line);
            }
            long ts = epochMicros + Math.round(Double.parseDouble(columns[1]) * 1_000_000);
            PacketFact.Builder fact = PacketFact.builder()
                    .tsMicros(ts)
                    .captureSeq(Long.parseLong(columns[0]))
                    .agentId("seed")
                    .src(IpAddress.parse(columns[2]))
                    .dst(IpAddress.parse(columns[3]))
                    .ipLen(100);
            String info = columns[5];
            switch (columns[4]) {
                case "TCP" -> tcp(fact, IpAddress.parse(columns[2]), info);
                case "TLSv1", "SSLv2" -> tls(fact, IpAddress.parse(columns[2]), info);
                case "ISAKMP" -> isakmp(fact, Integer.parseInt(columns[0]), info);
                case "ESP" -> esp(fact, info);
                default -> throw new IllegalArgumentException("unexpected protocol in " + line);
            }
            facts.add(fact.build());
        }
        return facts;
    }

    private void tcp(PacketFact.Builder fact, IpAddress src, String info) {
        Matcher m = TCP_INFO.matcher(info);
        if (!m.matches()) {
            throw new IllegalArgumentException("unreadable TCP info: " + info);
        }
        srcPort = port(m.group(1));
        dstPort = port(m.group(2));
        connectionSrc = src;
        int flags = 0;
        for (String flag : m.group(3).split(", ")) {
            flags |= switch (flag) {
                case "FIN" -> Tls.TCP_FIN;
                case "SYN" -> Tls.TCP_SYN;
                case "RST" -> Tls.TCP_RST;
                case "ACK" -> Tls.TCP_ACK;
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            };
        }
        fact.kind(PacketKind.TCP).srcPort(srcPort).dstPort(dstPort).tcpFlags(flags)
                .tcpSeq(m.group(4) == null ? 0 : Long.parseLong(m.group(4)))
                .tcpPayloadLen(m.group(6) == null || m.group(6).isEmpty() ? 0 : Integer.parseInt(m.group(6)));
    }

    private void tls(PacketFact.Builder fact, IpAddress src, String info) {
        boolean sameWay = src.equals(connectionSrc);
        fact.kind(PacketKind.TCP).srcPort(sameWay ? srcPort : dstPort).dstPort(sameWay ? dstPort : srcPort)
                .tcpFlags(Tls.TCP_ACK | 0x08);
        List<Integer> contentTypes = new ArrayList<>();
        List<Integer> handshakeTypes = new ArrayList<>();
        boolean inHandshakeRecord = false;
        for (String message : info.split(", ")) {
            Integer handshakeType = switch (message) {
                case "Client Hello" -> 1;
                case "Server Hello" -> 2;
                case "Certificate" -> 11;
                case "Server Hello Done" -> 14;
                case "Client Key Exchange" -> 16;
                default -> null;
            };
            if (handshakeType != null) {
                if (!inHandshakeRecord) {
                    contentTypes.add(info.equals("Client Hello") ? 0 : 22);
                }
                handshakeTypes.add(handshakeType);
                inHandshakeRecord = true;
                continue;
            }
            inHandshakeRecord = false;
            contentTypes.add(switch (message) {
                case "Change Cipher Spec" -> 20;
                case "Encrypted Alert" -> 21;
                case "Encrypted Handshake Message" -> 22;
                case "Application Data" -> 23;
                default -> throw new IllegalArgumentException("unknown TLS message " + message);
            });
        }
        fact.tlsContentTypes(contentTypes.stream().mapToInt(Integer::intValue).toArray())
                .tlsHandshakeTypes(handshakeTypes.stream().mapToInt(Integer::intValue).toArray())
                .sslv2(info.equals("Client Hello"))
                .tlsServerVersion(handshakeTypes.contains(2) ? 0x0301 : 0);
    }

    private void isakmp(PacketFact.Builder fact, int frame, String info) {
        int exchange = switch (info) {
            case "Identity Protection (Main Mode)" -> Ike.V1_IDENTITY_PROTECTION;
            case "Quick Mode" -> Ike.V1_QUICK_MODE;
            case "Informational" -> Ike.V1_INFORMATIONAL;
            default -> throw new IllegalArgumentException("unknown ISAKMP exchange " + info);
        };
        boolean encrypted = exchange != Ike.V1_IDENTITY_PROTECTION || ++mainModeMessages >= 5;
        boolean first = exchange == Ike.V1_IDENTITY_PROTECTION && mainModeMessages == 1;
        fact.kind(PacketKind.IKE).srcPort(500).dstPort(500).ikeVersion(1).ikeExchangeType(exchange)
                .ikeInitiatorSpi(INITIATOR_COOKIE).ikeResponderSpi(first ? 0 : RESPONDER_COOKIE)
                .ikeFlags(encrypted ? 1 : 0).ikeEncrypted(encrypted).ikeLength(76 + frame)
                .ikeMessageId(exchange == Ike.V1_IDENTITY_PROTECTION ? 0 : 0x1000 + exchange);
    }

    private void esp(PacketFact.Builder fact, String info) {
        Matcher m = SPI.matcher(info);
        if (!m.find()) {
            throw new IllegalArgumentException("no SPI in " + info);
        }
        fact.kind(PacketKind.ESP).espSpi(Long.parseLong(m.group(1), 16)).ipLen(140);
    }

    private static int port(String name) {
        Integer port = PORTS.get(name);
        if (port == null) {
            throw new IllegalArgumentException("unknown port name " + name);
        }
        return port;
    }
}
