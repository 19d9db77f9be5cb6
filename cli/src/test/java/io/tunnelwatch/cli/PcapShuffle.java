package io.tunnelwatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Classic pcap files (little-endian, microsecond timestamps, as the samples are) merged in timestamp
 * order, and that merge with its packets shuffled in file order within a bound of capture time. The
 * timestamps are kept; only the order in the file changes, as on a capture host whose NICs or
 * mirror ports deliver packets late.
 */
final class PcapShuffle {
    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    private static final int MAGIC_MICROS_LE = 0xa1b2c3d4;

    /** One packet record, header and data, with its capture time. */
    record Packet(long tsMicros, byte[] record) {}

    private PcapShuffle() {}

    /** All packets of the files, in timestamp order (ties keep file order, then the files' order); and the first file's header. */
    static List<Packet> merge(List<Path> files, byte[][] headerOut) throws IOException {
        List<Packet> packets = new ArrayList<>();
        for (Path file : files) {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (bytes.remaining() < GLOBAL_HEADER || bytes.getInt(0) != MAGIC_MICROS_LE) {
                throw new IllegalArgumentException(file + " is not a little-endian microsecond pcap file");
            }
            if (headerOut[0] == null) {
                headerOut[0] = java.util.Arrays.copyOf(bytes.array(), GLOBAL_HEADER);
            }
            int at = GLOBAL_HEADER;
            while (at + RECORD_HEADER <= bytes.limit()) {
                long seconds = Integer.toUnsignedLong(bytes.getInt(at));
                long micros = Integer.toUnsignedLong(bytes.getInt(at + 4));
                int length = bytes.getInt(at + 8);
                if (length < 0 || at + RECORD_HEADER + length > bytes.limit()) {
                    throw new IllegalArgumentException(file + ": truncated record at byte " + at);
                }
                byte[] record = java.util.Arrays.copyOfRange(bytes.array(), at, at + RECORD_HEADER + length);
                packets.add(new Packet(seconds * 1_000_000L + micros, record));
                at += RECORD_HEADER + length;
            }
        }
        packets.sort(Comparator.comparingLong(Packet::tsMicros)); // stable
        return packets;
    }

    /**
     * The packets in a new file order: each sorted by its time plus a random delay below {@code boundMicros},
     * so a packet can only pass another less than the bound earlier. Kept in order: the segments of one TCP
     * connection, both directions (the agent follows a connection's TLS stream in arrival order, see
     * LocalRunsTest), the packets of one UDP or ESP flow in one direction, and packets sharing a timestamp
     * (the agent numbers them in file order to break such ties). Everything else interleaves freely
     * within the bound: other tunnels, other connections of the same tunnel, the two directions of IKE
     * and ESP, as when several capture points or agents feed one job.
     */
    static List<Packet> shuffle(List<Packet> ordered, long boundMicros, long seed) {
        Random random = new Random(seed);
        Map<String, Long> lastKeyByFlow = new HashMap<>();
        Map<Long, Long> lastKeyByTime = new HashMap<>();
        Map<Packet, Long> key = new java.util.IdentityHashMap<>();
        for (Packet packet : ordered) {
            long k = packet.tsMicros() + (long) (random.nextDouble() * boundMicros);
            String flow = flowDirection(packet.record());
            k = Math.max(k, lastKeyByFlow.getOrDefault(flow, Long.MIN_VALUE));
            k = Math.max(k, lastKeyByTime.getOrDefault(packet.tsMicros(), Long.MIN_VALUE));
            lastKeyByFlow.put(flow, k);
            lastKeyByTime.put(packet.tsMicros(), k);
            key.put(packet, k);
        }
        List<Packet> shuffled = new ArrayList<>(ordered);
        shuffled.sort(Comparator.comparingLong(key::get)); // stable: equal keys keep the original order
        return shuffled;
    }

    /** The order-keeping unit of a frame: its TCP connection, else its flow and direction (addresses, protocol, ports). */
    static String flowDirection(byte[] record) {
        ByteBuffer frame = ByteBuffer.wrap(record, RECORD_HEADER, record.length - RECORD_HEADER).slice();
        int at = 12;
        if (frame.limit() < at + 2) {
            return "short";
        }
        int etherType = frame.getShort(at) & 0xFFFF;
        while (etherType == 0x8100 && frame.limit() >= at + 6) { // 802.1Q tags
            at += 4;
            etherType = frame.getShort(at) & 0xFFFF;
        }
        int ip = at + 2;
        int protocol;
        int transport;
        String addresses;
        if (etherType == 0x0800 && frame.limit() >= ip + 20) {
            protocol = frame.get(ip + 9) & 0xFF;
            transport = ip + (frame.get(ip) & 0x0F) * 4;
            addresses = frame.getInt(ip + 12) + ">" + frame.getInt(ip + 16);
        } else if (etherType == 0x86DD && frame.limit() >= ip + 40) {
            protocol = frame.get(ip + 6) & 0xFF;
            transport = ip + 40;
            addresses = frame.getLong(ip + 8) + ":" + frame.getLong(ip + 16) + ">" + frame.getLong(ip + 24) + ":" + frame.getLong(ip + 32);
        } else {
            return "ethertype " + etherType;
        }
        boolean ports = (protocol == 6 || protocol == 17) && frame.limit() >= transport + 4;
        String flow = addresses + "/" + protocol + (ports ? "/" + (frame.getShort(transport) & 0xFFFF) + ">" + (frame.getShort(transport + 2) & 0xFFFF) : "");
        if (protocol == 6 && ports) {
            // One TCP connection, whichever direction: the lower "address/port" end first.
            String[] ends = {(etherType == 0x0800 ? frame.getInt(ip + 12) : addresses.split(">")[0]) + "." + (frame.getShort(transport) & 0xFFFF),
                    (etherType == 0x0800 ? frame.getInt(ip + 16) : addresses.split(">")[1]) + "." + (frame.getShort(transport + 2) & 0xFFFF)};
            java.util.Arrays.sort(ends);
            return "tcp " + ends[0] + " " + ends[1];
        }
        return flow;
    }

    static void write(Path file, byte[] header, List<Packet> packets) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        for (Packet packet : packets) {
            out.write(packet.record());
        }
        Files.write(file, out.toByteArray());
    }

    /** How far back in capture time the file order goes at most: the largest lateness of a packet. */
    static long maxLatenessMicros(List<Packet> fileOrder) {
        long newest = Long.MIN_VALUE;
        long worst = 0;
        for (Packet packet : fileOrder) {
            newest = Math.max(newest, packet.tsMicros());
            worst = Math.max(worst, newest - packet.tsMicros());
        }
        return worst;
    }

    /** Packets that arrive after a packet with a later capture time. */
    static long latePackets(List<Packet> fileOrder) {
        long newest = Long.MIN_VALUE;
        long late = 0;
        for (Packet packet : fileOrder) {
            if (packet.tsMicros() < newest) {
                late++;
            }
            newest = Math.max(newest, packet.tsMicros());
        }
        return late;
    }
}
