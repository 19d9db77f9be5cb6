package io.tunnelwatch.correlation;

// Cross-check harness (not part of the build): replays decoded facts through the correlation core and
// prints its outputs. Compiled by crosscheck.sh together with flink-job's correlation sources.

import java.nio.file.*;
import java.util.*;

public class CrosscheckHarness {
    static int[] ints(String s) { return s.isEmpty() ? new int[0] : Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray(); }
    public static void main(String[] a) throws Exception {
        EventTimeDriver driver = EventTimeDriver.withDefaultBound(CorrelationConfig.defaults());
        List<CorrelationOutput> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(a[0]))) {
            String[] f = line.split("\\|", -1);
            int[] hs = ints(f[14]);
            PacketFact.Builder b = PacketFact.builder().tsMicros(Long.parseLong(f[0])).captureSeq(Long.parseLong(f[1]))
                .agentId("x").src(IpAddress.parse(f[2])).dst(IpAddress.parse(f[3]))
                .srcPort(Integer.parseInt(f[4])).dstPort(Integer.parseInt(f[5])).kind(PacketKind.valueOf(f[6]))
                .ipLen(100).natt(f[7].equals("1")).tcpFlags(Integer.parseInt(f[8])).tcpSeq(Long.parseLong(f[9]))
                .tcpAck(Long.parseLong(f[10])).tcpPayloadLen(Integer.parseInt(f[11]))
                .tlsContentTypes(ints(f[12])).tlsVersions(ints(f[13])).tlsHandshakeTypes(hs)
                .sslv2(f[17].equals("1"))
                .ikeVersion(Integer.parseInt(f[18])).ikeExchangeType(Integer.parseInt(f[19]))
                .ikeInitiatorSpi(Long.parseUnsignedLong(f[20])).ikeResponderSpi(Long.parseUnsignedLong(f[21]))
                .ikeFlags(Integer.parseInt(f[22])).ikeMessageId(Long.parseLong(f[23])).ikeLength(Integer.parseInt(f[24]))
                .ikePayloadTypes(ints(f[25])).ikeNotifyTypes(ints(f[26])).ikeEncrypted(f[27].equals("1"))
                .espSpi(Long.parseLong(f[28])).espSeq(Long.parseLong(f[29]));
            if (!f[15].equals("0")) b.tlsAlert(Integer.parseInt(f[15]), Integer.parseInt(f[16]));
            out.addAll(driver.accept(b.build()));
        }
        out.addAll(driver.endOfInput());
        for (CorrelationOutput o : out) {
            if (o instanceof HandshakeAlert h) System.out.println("alert " + h.tunnel().clientIp() + " " + h.reason() + (h.rekey() ? "/rekey" : "") + " attempt=" + h.attempt() + " ts=" + h.timestampMicros() + " ev=" + h.evidence());
            else if (o instanceof TunnelEstablished e) System.out.println("established " + e.tunnel().clientIp() + " attempt=" + e.attempt() + " ts=" + e.timestampMicros());
            else if (o instanceof TunnelClosed c) System.out.println("closed " + c.tunnel().clientIp() + " ts=" + c.timestampMicros());
            else System.out.println(o);
        }
    }
}
