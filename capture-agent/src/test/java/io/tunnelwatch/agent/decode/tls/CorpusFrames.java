package io.tunnelwatch.agent.decode.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only: a deliberately tiny reader of the public corpus captures (pcap and pcapng; Ethernet with VLAN
 * tags, SLL, SLL2, NULL and raw IP; IPv4 and IPv6 with extension headers; TCP and UDP), just enough to feed
 * the TLS and IKE decoders with the frames Wireshark's TSVs describe. The agent's real reader is elsewhere;
 * this one exists so these decoders can be checked against Wireshark on their own.
 */
public final class CorpusFrames {

    /** One TCP or UDP frame of a capture, with the offsets the decoders need into {@link #buf}. */
    public record Frame(int number, long tsMicros, ByteBuffer buf, int ipLength, int srcIpOffset,
                        int dstIpOffset, int protocol, int srcPort, int dstPort, long seq, int tcpFlags,
                        int payloadOffset, int capturedPayloadLength, int payloadLength) {
    }

    private CorpusFrames() {
    }

    /** The corpus directory (holding expected/ and the captures), or null when it is not on this machine. */
    public static Path corpusRoot() {
        Path resources = Path.of("src/test/resources/corpus").toAbsolutePath();
        if (Files.isDirectory(resources.resolve("zeek"))) {
            return resources;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/corpus/public");
            if (Files.isDirectory(candidate.resolve("expected"))) {
                return candidate;
            }
        }
        return null;
    }

    /** Wireshark's rows of the expected TSV for a capture, by frame number; values are the raw column text. */
    public static Map<Integer, Map<String, String>> expected(Path root, String capture) throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("expected").resolve(capture + ".tsv"),
                StandardCharsets.UTF_8);
        String[] header = lines.get(0).split("\t", -1);
        Map<Integer, Map<String, String>> rows = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty()) {
                continue;
            }
            String[] values = line.split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < values.length ? values[i] : "");
            }
            rows.put(Integer.parseInt(row.get("frame.number")), row);
        }
        return rows;
    }

    public static List<Frame> read(Path capture) throws IOException {
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(capture));
        int magic = file.getInt(0);
        List<Frame> frames = new ArrayList<>();
        if (magic == 0x0A0D0D0A) {
            readPcapng(file, frames);
        } else {
            readPcap(file, frames);
        }
        return frames;
    }

    private static void readPcap(ByteBuffer file, List<Frame> frames) {
        int magic = file.getInt(0);
        boolean swapped = magic == 0xD4C3B2A1 || magic == 0x4D3CB2A1;
        boolean nanos = magic == 0xA1B23C4D || magic == 0x4D3CB2A1;
        file.order(swapped ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int linkType = file.getInt(20);
        int pos = 24;
        int number = 0;
        while (pos + 16 <= file.limit()) {
            long seconds = file.getInt(pos) & 0xFFFF_FFFFL;
            long fraction = file.getInt(pos + 4) & 0xFFFF_FFFFL;
            int captured = file.getInt(pos + 8);
            int original = file.getInt(pos + 12);
            if (captured < 0 || pos + 16 + captured > file.limit()) {
                return;                      // damaged tail (tls_DER-incomplete-header): stop like TShark
            }
            number++;
            long micros = seconds * 1_000_000 + (nanos ? fraction / 1000 : fraction);
            addFrame(frames, number, micros, slice(file, pos + 16, captured), linkType, original);
            pos += 16 + captured;
        }
    }

    private static void readPcapng(ByteBuffer file, List<Frame> frames) {
        List<Integer> linkTypes = new ArrayList<>();
        int pos = 0;
        int number = 0;
        while (pos + 12 <= file.limit()) {
            if (file.getInt(pos) == 0x0A0D0D0A) {
                int byteOrder = file.order(ByteOrder.BIG_ENDIAN).getInt(pos + 8);
                file.order(byteOrder == 0x1A2B3C4D ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                linkTypes.clear();
            }
            int type = file.getInt(pos);
            int length = file.getInt(pos + 4);
            if (length < 12 || pos + length > file.limit()) {
                return;
            }
            if (type == 1) {
                linkTypes.add(file.getShort(pos + 8) & 0xFFFF);
            } else if (type == 6) {
                int iface = file.getInt(pos + 8);
                long ts = ((file.getInt(pos + 12) & 0xFFFF_FFFFL) << 32) | (file.getInt(pos + 16) & 0xFFFF_FFFFL);
                int captured = file.getInt(pos + 20);
                int original = file.getInt(pos + 24);
                number++;
                addFrame(frames, number, ts, slice(file, pos + 28, captured), linkTypes.get(iface), original);
            }
            pos += length;
        }
    }

    private static ByteBuffer slice(ByteBuffer file, int from, int length) {
        byte[] copy = new byte[length];
        file.get(from, copy);
        return ByteBuffer.wrap(copy);      // big-endian, like the agent's buffers
    }

    private static void addFrame(List<Frame> frames, int number, long micros, ByteBuffer buf, int linkType,
                                 int originalLength) {
        int ip = networkOffset(buf, linkType);
        if (ip < 0 || ip >= buf.limit()) {
            return;
        }
        int version = (buf.get(ip) & 0xF0) >>> 4;
        int limit = buf.limit();
        int srcIp;
        int dstIp;
        int ipLength;
        int protocol;
        int transport;
        int transportLength;
        if (version == 4 && ip + 20 <= limit) {
            int ihl = (buf.get(ip) & 0x0F) * 4;
            int total = buf.getShort(ip + 2) & 0xFFFF;
            if ((buf.getShort(ip + 6) & 0x1FFF) != 0) {
                return;                      // later fragment
            }
            srcIp = ip + 12;
            dstIp = ip + 16;
            ipLength = 4;
            protocol = buf.get(ip + 9) & 0xFF;
            transport = ip + ihl;
            transportLength = total - ihl;
        } else if (version == 6 && ip + 40 <= limit) {
            srcIp = ip + 8;
            dstIp = ip + 24;
            ipLength = 16;
            protocol = buf.get(ip + 6) & 0xFF;
            transport = ip + 40;
            transportLength = buf.getShort(ip + 4) & 0xFFFF;
            while ((protocol == 0 || protocol == 43 || protocol == 60 || protocol == 44) && transport + 8 <= limit) {
                int extension = protocol == 44 ? 8 : ((buf.get(transport + 1) & 0xFF) + 1) * 8;
                protocol = buf.get(transport) & 0xFF;
                transport += extension;
                transportLength -= extension;
            }
        } else {
            return;
        }
        if (protocol == 6 && transport + 20 <= limit) {
            int dataOffset = ((buf.get(transport + 12) & 0xF0) >>> 4) * 4;
            int payloadLength = Math.max(0, transportLength - dataOffset);
            int payload = transport + dataOffset;
            int captured = Math.max(0, Math.min(payloadLength, limit - payload));
            frames.add(new Frame(number, micros, buf, ipLength, srcIp, dstIp, 6,
                    buf.getShort(transport) & 0xFFFF, buf.getShort(transport + 2) & 0xFFFF,
                    buf.getInt(transport + 4) & 0xFFFF_FFFFL, buf.getShort(transport + 12) & 0x0FFF,
                    payload, captured, payloadLength));
        } else if (protocol == 17 && transport + 8 <= limit) {
            int payloadLength = Math.max(0, (buf.getShort(transport + 4) & 0xFFFF) - 8);
            int payload = transport + 8;
            int captured = Math.max(0, Math.min(payloadLength, limit - payload));
            frames.add(new Frame(number, micros, buf, ipLength, srcIp, dstIp, 17,
                    buf.getShort(transport) & 0xFFFF, buf.getShort(transport + 2) & 0xFFFF, 0, 0,
                    payload, captured, payloadLength));
        }
    }

    private static int networkOffset(ByteBuffer buf, int linkType) {
        switch (linkType) {
            case 1: {
                int pos = 12;
                while (pos + 2 <= buf.limit()) {
                    int etherType = buf.getShort(pos) & 0xFFFF;
                    if (etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100) {
                        pos += 4;
                    } else {
                        return etherType == 0x0800 || etherType == 0x86DD ? pos + 2 : -1;
                    }
                }
                return -1;
            }
            case 113:
                return 16;
            case 276:
                return 20;
            case 0:
                return 4;
            case 101:
            case 12:
            case 14:
            case 228:
            case 229:
                return 0;
            default:
                return -1;
        }
    }
}
