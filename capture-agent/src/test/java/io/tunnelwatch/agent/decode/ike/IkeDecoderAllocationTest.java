package io.tunnelwatch.agent.decode.ike;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The decoder allocates nothing per message, and no length read from the wire sizes an allocation: measured
 * with the JVM's per-thread allocation counter (bytes, not time).
 */
class IkeDecoderAllocationTest {

    private static final int ROUNDS = 100_000;

    @Test
    void shouldNotAllocateWhileDecodingWellFormedMessages() {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        ByteBuffer[] messages = {
            ByteBuffer.wrap(IkeDecoderTest.ikev1InformationalNoProposalChosen()),
            ByteBuffer.wrap(IkeDecoderTest.ikev2InvalidKePayloadAndCookie()),
            ByteBuffer.wrap(IkeDecoderTest.ikev2AuthEncrypted())};
        IkeMessage message = new IkeMessage();
        decodeAll(messages, message);                            // warm-up: class loading, JIT
        long before = threads.getCurrentThreadAllocatedBytes();
        int notifies = decodeAll(messages, message);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(notifies).isEqualTo(ROUNDS);
        assertThat(allocated).as("bytes allocated for %d messages", 3 * ROUNDS).isLessThan(16 * 1024);
    }

    @Test
    void shouldNotSizeAnyAllocationFromALyingLength() {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        byte[] lying = IkeDecoderTest.ikev1InformationalNoProposalChosen();
        lying[24] = lying[25] = lying[26] = lying[27] = (byte) 0xFF;   // header length 4,294,967,295
        lying[30] = lying[31] = (byte) 0xFF;                           // Notify length 65,535
        ByteBuffer buf = ByteBuffer.wrap(lying);
        IkeMessage message = new IkeMessage();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1000; i++) {
            IkeDecoder.decode(buf, 0, lying.length, message);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(message.malformed()).isNotNull();
        assertThat(allocated / 1000).as("bytes per decode (only the reason text)").isLessThan(1024);
    }

    private static int decodeAll(ByteBuffer[] messages, IkeMessage message) {
        int notifies = 0;
        for (int i = 0; i < ROUNDS; i++) {
            for (ByteBuffer buf : messages) {
                IkeDecoder.decode(buf, 0, buf.limit(), message);
            }
            notifies += message.payloadCount();                  // the last one: one SK payload
        }
        return notifies;
    }

    static com.sun.management.ThreadMXBean allocationCounter() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "JVM without per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        return threads;
    }
}
