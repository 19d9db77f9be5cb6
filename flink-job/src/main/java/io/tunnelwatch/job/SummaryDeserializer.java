package io.tunnelwatch.job;

import java.nio.charset.StandardCharsets;

import io.tunnelwatch.correlation.PacketFact;
import io.tunnelwatch.summary.RecordHeaders;
import io.tunnelwatch.summary.SummaryCodec;
import io.tunnelwatch.summary.TunnelKey;
import io.tunnelwatch.summary.v1.AgentRecord;
import io.tunnelwatch.summary.v1.Heartbeat;
import io.tunnelwatch.summary.v1.PacketSummary;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Kafka summaries records to {@link SummaryElement}s. Never throws: a record that cannot be read
 * becomes a {@link DeadLetter} with the reason, and is counted in {@value #BAD_RECORDS_METRIC}.
 */
public final class SummaryDeserializer implements KafkaRecordDeserializationSchema<SummaryElement> {

    private static final long serialVersionUID = 1L;

    public static final String BAD_RECORDS_METRIC = "tunnelwatch_bad_records";

    private transient Counter badRecords;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        badRecords = context.getMetricGroup().counter(BAD_RECORDS_METRIC);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SummaryElement> out) {
        SummaryElement element = decode(record);
        if (element.deadLetter() != null) {
            badRecords().inc();
        }
        out.collect(element);
    }

    @Override
    public TypeInformation<SummaryElement> getProducedType() {
        return TypeInformation.of(SummaryElement.class);
    }

    /** Reads one record; every failure, even an unforeseen one, is a dead letter. */
    static SummaryElement decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            Labels labels = Labels.of(record.headers());
            if (!labels.schema.isEmpty() && !labels.schema.equals(RecordHeaders.SCHEMA_V1)) {
                return deadLetter(record, "schema " + labels.schema + " is not " + RecordHeaders.SCHEMA_V1);
            }
            SummaryCodec.Decoded decoded = SummaryCodec.decode(record.value());
            if (decoded instanceof SummaryCodec.Ok ok) {
                return fromAgentRecord(record, ok.record(), labels);
            }
            return deadLetter(record, ((SummaryCodec.Bad) decoded).reason());
        } catch (RuntimeException unexpected) {
            return deadLetter(record, "unreadable record: " + unexpected);
        }
    }

    private static SummaryElement fromAgentRecord(ConsumerRecord<byte[], byte[]> record, AgentRecord agentRecord,
                                                  Labels labels) {
        String agentId = labels.agentId;
        String site = labels.site;
        if (agentRecord.hasHeartbeat()) {
            Heartbeat hb = agentRecord.getHeartbeat();
            return SummaryElement.of(new AgentHeartbeat(agentId, site, record.partition(),
                    hb.getCaptureClockMicros(), hb.getPacketsCaptured(), hb.getKernelDrops(),
                    hb.getInterfaceDrops(), hb.getAgentDrops(), hb.getIntervalMillis()));
        }
        PacketSummary packet = agentRecord.getPacket();
        byte[] src = packet.getSrcIp().toByteArray();
        byte[] dst = packet.getDstIp().toByteArray();
        if (!(src.length == 4 && dst.length == 4) && !(src.length == 16 && dst.length == 16)) {
            return deadLetter(record, "packet summary addresses of " + src.length + " and " + dst.length
                    + " bytes; needed 4 and 4 (IPv4) or 16 and 16 (IPv6)");
        }
        String tunnelKey = TunnelKey.format(TunnelKey.of(src, dst));
        // Decoded here, once: the correlation reads the fact, never the record again.
        PacketFact fact = PacketFacts.from(packet, agentId).orElse(null);
        return SummaryElement.of(new TunnelPacket(tunnelKey, packet.getTsMicros(), packet.getCaptureSeq(),
                agentId, site, labels.sourceFile, fact));
    }

    private static SummaryElement deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        return SummaryElement.of(new DeadLetter(record.topic(), record.partition(), record.offset(),
                record.key(), record.value(), reason));
    }

    /**
     * The UTF-8 headers the job reads, the last one of each name winning (as {@code lastHeader}), found in one
     * pass over the record's headers: one {@code lastHeader} per name scanned them four times per record.
     */
    private static final class Labels {
        private String schema = "";
        private String agentId = "";
        private String site = "";
        private String sourceFile = "";

        static Labels of(Headers headers) {
            Labels labels = new Labels();
            for (Header header : headers) {
                switch (header.key()) {
                    case RecordHeaders.SCHEMA -> labels.schema = text(header);
                    case RecordHeaders.AGENT_ID -> labels.agentId = text(header);
                    case RecordHeaders.SITE -> labels.site = text(header);
                    case RecordHeaders.SOURCE_FILE -> labels.sourceFile = text(header);
                    default -> { } // provenance hash and anything newer: not needed here
                }
            }
            return labels;
        }

        private static String text(Header header) {
            return header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
        }
    }

    /** How many records this instance turned into dead letters. */
    long badRecordCount() {
        return badRecords().getCount();
    }

    private Counter badRecords() {
        if (badRecords == null) {
            badRecords = new SimpleCounter(); // not opened by a source, e.g. in a unit test
        }
        return badRecords;
    }
}
