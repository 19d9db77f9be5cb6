package io.tunnelwatch.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks the TLS records of one direction of a TCP connection across segment boundaries, as Wireshark does, and
 * tells in which frame each record header starts. Test-side code, independent of the builders.
 */
final class TestTlsStream {
    /** One record: where its header starts, its type (0 for SSLv2 format), and the cleartext handshake types. */
    record Record(int frameIndex, int contentType, int version, int length, List<Integer> handshakeTypes,
                  boolean encrypted, int alertLevel, int alertDescription) {
    }

    private TestTlsStream() {
    }

    /** {@code segments}: the payload-carrying segments of one direction, in order, with their frame index. */
    static List<Record> records(List<TestPacket> packets, List<Integer> frameIndexes) {
        int total = packets.stream().mapToInt(p -> p.payload.length).sum();
        byte[] stream = new byte[total];
        int[] owner = new int[total];
        int at = 0;
        for (int i = 0; i < packets.size(); i++) {
            byte[] payload = packets.get(i).payload;
            System.arraycopy(payload, 0, stream, at, payload.length);
            for (int j = 0; j < payload.length; j++) {
                owner[at + j] = frameIndexes.get(i);
            }
            at += payload.length;
        }
        List<Record> records = new ArrayList<>();
        boolean changedCipher = false;
        int offset = 0;
        while (offset < total) {
            int first = stream[offset] & 0xFF;
            if ((first & 0x80) != 0 && offset + 3 <= total && stream[offset + 2] == 1) {
                int length = ((first & 0x7F) << 8) | (stream[offset + 1] & 0xFF);
                records.add(new Record(owner[offset], 0, 2, length, List.of(1), false, -1, -1));
                offset += 2 + length;
                continue;
            }
            if (offset + 5 > total) {
                throw new AssertionError("record header cut at the end of the stream");
            }
            int type = first;
            int version = TestPacket.u16(stream, offset + 1);
            int length = TestPacket.u16(stream, offset + 3);
            if (offset + 5 + length > total) {
                throw new AssertionError("record of " + length + " bytes runs past the stream");
            }
            List<Integer> handshakes = new ArrayList<>();
            // As Wireshark: after a ChangeCipherSpec, or an alert whose length is not the cleartext 2 bytes.
            boolean encrypted = (changedCipher && (type == 22 || type == 21)) || (type == 21 && length != 2);
            int level = -1;
            int description = -1;
            if (type == 22 && !encrypted) {
                int h = offset + 5;
                while (h + 4 <= offset + 5 + length) {
                    handshakes.add(stream[h] & 0xFF);
                    h += 4 + ((stream[h + 1] & 0xFF) << 16 | TestPacket.u16(stream, h + 2));
                }
                if (h != offset + 5 + length) {
                    throw new AssertionError("handshake messages do not fill their record exactly");
                }
            }
            if (type == 21 && !encrypted) {
                level = stream[offset + 5] & 0xFF;
                description = stream[offset + 6] & 0xFF;
            }
            if (type == 20) {
                changedCipher = true;
            }
            records.add(new Record(owner[offset], type, version, length, handshakes, encrypted, level, description));
            offset += 5 + length;
        }
        return records;
    }
}
