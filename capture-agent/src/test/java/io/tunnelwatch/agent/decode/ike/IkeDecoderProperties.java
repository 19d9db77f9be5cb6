package io.tunnelwatch.agent.decode.ike;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Robustness of the ISAKMP decoder (issue 2, item 7): no input makes it throw, loop or grow beyond its caps.
 * Tries come from jqwik's default (1000 per property); run longer on demand with
 * {@code ./mvnw -pl capture-agent test -Dtest='*Properties' -Djqwik.tries.default=1000000}.
 */
class IkeDecoderProperties {

    private final IkeMessage message = new IkeMessage();

    @Property
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 2000) byte[] bytes,
                                  @ForAll @IntRange(min = -4, max = 2100) int offset,
                                  @ForAll @IntRange(min = -4, max = 2100) int length) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        boolean isakmp = IkeDecoder.decode(buf, offset, length, message);

        assertBounded(isakmp);
        assertThat(buf.position()).isZero();
        assertThat(buf.limit()).isEqualTo(bytes.length);
        if (isakmp) {
            assertThat(length).isGreaterThanOrEqualTo(IkeDecoder.HEADER_LENGTH);
            assertThat(message.majorVersion()).isIn(1, 2);
        }
    }

    /** Valid messages with a few bytes overwritten reach deep into the payload walk. */
    @Property
    void corruptedValidMessagesNeverThrow(@ForAll("validMessages") byte[] valid,
                                          @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 199) Integer> positions,
                                          @ForAll @Size(max = 6) List<Byte> values) {
        byte[] bytes = valid.clone();
        for (int i = 0; i < Math.min(positions.size(), values.size()); i++) {
            bytes[positions.get(i) % bytes.length] = values.get(i);
        }
        assertBounded(IkeDecoder.decode(ByteBuffer.wrap(bytes), 0, bytes.length, message));
    }

    private void assertBounded(boolean isakmp) {
        assertThat(message.payloadCount()).isBetween(0, IkeMessage.MAX_PAYLOADS);
        assertThat(message.notifyCount()).isBetween(0, message.payloadCount());
        assertThat(message.deleteCount() + message.vendorIdCount()).isLessThanOrEqualTo(message.payloadCount());
        assertThat(message.treePayloadCount()).isBetween(isakmp ? message.payloadCount() > 0 ? 1 : 0 : 0,
                IkeMessage.MAX_TREE_PAYLOADS);
        if (!isakmp) {
            assertThat(message.payloadCount()).isZero();
        }
    }

    @Provide
    Arbitrary<byte[]> validMessages() {
        return Arbitraries.of(IkeDecoderTest.ikev1InformationalNoProposalChosen(),
                IkeDecoderTest.ikev2InvalidKePayloadAndCookie(), IkeDecoderTest.ikev2AuthEncrypted());
    }
}
