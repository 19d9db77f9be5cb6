package io.tunnelwatch.agent.decode.tls;

import static io.tunnelwatch.agent.decode.tls.TlsBytes.TLS12;
import static io.tunnelwatch.agent.decode.tls.TlsBytes.concat;
import static io.tunnelwatch.agent.decode.tls.TlsBytes.filled;
import static io.tunnelwatch.agent.decode.tls.TlsBytes.handshake;
import static io.tunnelwatch.agent.decode.tls.TlsBytes.record;
import static io.tunnelwatch.agent.decode.tls.TlsBytes.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Following an established connection allocates nothing per segment, whatever the record lengths claim:
 * measured with the JVM's per-thread allocation counter (bytes, not time).
 */
class TlsStreamTrackerAllocationTest {

    private static final int SEGMENTS = 100_000;

    @Test
    void shouldNotAllocatePerSegmentOnAnEstablishedConnection() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "JVM without per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        // Three segments that repeat forever: a handshake record, a record of the largest legal length
        // spanning all three segments, and small application data records around it.
        byte[] stream = concat(
                record(22, TLS12, concat(handshake(4, filled(40, 1)), handshake(20, filled(12, 2)))),
                record(23, TLS12, filled(TlsDirection.MAX_RECORD_LENGTH, 3)),
                record(23, TLS12, filled(30, 4)));
        int third = stream.length / 3;
        ByteBuffer[] segments = {
            frame(slice(stream, 0, third)), frame(slice(stream, third, 2 * third)),
            frame(slice(stream, 2 * third, stream.length))};
        TlsStreamTracker tracker = new TlsStreamTracker(16, 60_000_000L);
        TlsRecords out = new TlsRecords();
        long[] seq = {1000};
        run(tracker, segments, out, seq, 9_999);                 // warm-up (whole cycles): class loading, JIT, the connection
        long before = threads.getCurrentThreadAllocatedBytes();
        int records = run(tracker, segments, out, seq, SEGMENTS);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(records).isEqualTo(SEGMENTS);                 // 3 records per 3 segments
        assertThat(tracker.trackedConnections()).isEqualTo(1);
        assertThat(allocated).as("bytes allocated for %d segments", SEGMENTS).isLessThan(16 * 1024);
    }

    private static int run(TlsStreamTracker tracker, ByteBuffer[] segments, TlsRecords out, long[] seq, int count) {
        int records = 0;
        for (int i = 0; i < count; i++) {
            ByteBuffer segment = segments[i % segments.length];
            int payload = segment.limit() - 8;
            tracker.onSegment(segment, 0, 4, 4, 50_000, 443, seq[0] & 0xFFFF_FFFFL, 0x10, 8, payload, payload,
                    i, out);
            seq[0] += payload;
            records += out.count();
        }
        return records;
    }

    private static ByteBuffer frame(byte[] payload) {
        byte[] frame = new byte[8 + payload.length];
        frame[0] = 10;
        frame[3] = 1;
        frame[4] = 10;
        frame[7] = 2;
        System.arraycopy(payload, 0, frame, 8, payload.length);
        return ByteBuffer.wrap(frame);
    }
}
