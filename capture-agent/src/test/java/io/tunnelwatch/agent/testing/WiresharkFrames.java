package io.tunnelwatch.agent.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The frames TShark decoded from a corpus capture (the corpus' expected/*.tsv, see its SOURCES.md). */
public final class WiresharkFrames {
    private WiresharkFrames() {}

    public enum Kind { IKE, ESP, NATT_KEEPALIVE, TCP, OTHER }

    /** One frame as TShark saw it; strings empty when the field is absent. */
    public record Frame(int number, long tsMicros, byte[] src, byte[] dst, int srcPort, int dstPort, Kind kind,
                        int tcpFlags, int tcpLength, List<Integer> tlsContentTypes, String ikeInitiatorSpi,
                        int ikeExchangeType, long ikeMessageId, long espSpi) {

        /** FIN, SYN or RST set. */
        public boolean tcpControl() {
            return (tcpFlags & 0x07) != 0;
        }

        /** Data plane by the agent's rules: ESP, and TCP segments that are pure ACKs or carry only application data. */
        public boolean dataPlane() {
            if (kind == Kind.ESP) {
                return true;
            }
            return kind == Kind.TCP && !tcpControl() && tlsContentTypes.stream().allMatch(type -> type == 23);
        }

        /** Flow and direction, without the aggregation class. */
        public String flow() {
            return Arrays.toString(src) + ":" + srcPort + ">" + Arrays.toString(dst) + ":" + dstPort + "/" + kind
                    + (kind == Kind.ESP ? "/" + espSpi : "");
        }
    }

    public static List<Frame> read(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv);
        Map<String, Integer> column = new HashMap<>();
        String[] header = lines.get(0).split("\t", -1);
        for (int i = 0; i < header.length; i++) {
            column.put(header[i], i);
        }
        List<Frame> frames = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            java.util.function.Function<String, String> get = name -> f[column.get(name)];
            String src = !get.apply("ip.src").isEmpty() ? get.apply("ip.src") : get.apply("ipv6.src");
            String dst = !get.apply("ip.dst").isEmpty() ? get.apply("ip.dst") : get.apply("ipv6.dst");
            boolean tcp = !get.apply("tcp.srcport").isEmpty();
            Kind kind = !get.apply("isakmp.ispi").isEmpty() ? Kind.IKE
                    : !get.apply("esp.spi").isEmpty() ? Kind.ESP
                    : "1".equals(get.apply("udpencap.nat_keepalive")) ? Kind.NATT_KEEPALIVE
                    : tcp ? Kind.TCP : Kind.OTHER;
            String[] epoch = get.apply("frame.time_epoch").split("\\.");
            long micros = Long.parseLong(epoch[0]) * 1_000_000 + Long.parseLong(epoch[1]) / 1_000;
            frames.add(new Frame(Integer.parseInt(get.apply("frame.number")), micros, address(src), address(dst),
                    port(get.apply(tcp ? "tcp.srcport" : "udp.srcport")), port(get.apply(tcp ? "tcp.dstport" : "udp.dstport")),
                    kind, (int) hex(get.apply("tcp.flags")), number(get.apply("tcp.len")), numbers(get.apply("tls.record.content_type")),
                    first(get.apply("isakmp.ispi")), number(first(get.apply("isakmp.exchangetype"))),
                    hex(first(get.apply("isakmp.messageid"))), hex(first(get.apply("esp.spi")))));
        }
        return frames;
    }

    private static byte[] address(String text) {
        try {
            return text.isEmpty() ? new byte[0] : InetAddress.getByName(text).getAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static String first(String multi) {
        int comma = multi.indexOf(',');
        return comma < 0 ? multi : multi.substring(0, comma);
    }

    private static int port(String text) {
        return text.isEmpty() ? -1 : Integer.parseInt(text);
    }

    private static int number(String text) {
        return text.isEmpty() ? 0 : Integer.parseInt(text);
    }

    private static long hex(String text) {
        return text.isEmpty() ? 0 : Long.parseLong(text.substring(2), 16);
    }

    private static List<Integer> numbers(String text) {
        return text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(Integer::parseInt).toList();
    }
}
