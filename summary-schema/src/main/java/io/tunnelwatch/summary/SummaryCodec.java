package io.tunnelwatch.summary;

import com.google.protobuf.InvalidProtocolBufferException;
import io.tunnelwatch.summary.v1.AgentRecord;

/**
 * Bytes to and from {@link AgentRecord}. Decoding never throws: a record that cannot be read is a
 * result with a reason, so the job can send it to the dead-letter topic and count it.
 */
public final class SummaryCodec {
    private SummaryCodec() {}

    /** Largest value we accept; far above any real summary, so a bigger one is garbage or an attack. */
    public static final int MAX_RECORD_BYTES = 64 * 1024;

    public sealed interface Decoded permits Ok, Bad {}

    public record Ok(AgentRecord record) implements Decoded {}

    public record Bad(String reason) implements Decoded {}

    public static byte[] encode(AgentRecord record) {
        return record.toByteArray();
    }

    public static Decoded decode(byte[] value) {
        if (value == null) {
            return new Bad("empty record value (null)");
        }
        if (value.length > MAX_RECORD_BYTES) {
            return new Bad("record of " + value.length + " bytes exceeds the " + MAX_RECORD_BYTES + "-byte limit");
        }
        try {
            AgentRecord record = AgentRecord.parseFrom(value);
            if (record.getBodyCase() == AgentRecord.BodyCase.BODY_NOT_SET) {
                return new Bad("record has neither a packet summary nor a heartbeat");
            }
            return new Ok(record);
        } catch (InvalidProtocolBufferException e) {
            return new Bad("not a tunnelwatch.summary.v1 AgentRecord: " + e.getMessage());
        }
    }
}
