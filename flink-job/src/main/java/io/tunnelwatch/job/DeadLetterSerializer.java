package io.tunnelwatch.job;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Dead letters keep the original key and value byte for byte, so they can be replayed once the
 * cause is fixed; why and where from travel in headers.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;

    public static final String REASON_HEADER = "tw.dlq.reason";
    public static final String TOPIC_HEADER = "tw.dlq.topic";
    public static final String PARTITION_HEADER = "tw.dlq.partition";
    public static final String OFFSET_HEADER = "tw.dlq.offset";

    private final String deadLetterTopic;

    public DeadLetterSerializer(String deadLetterTopic) {
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        List<Header> headers = List.of(
                utf8(REASON_HEADER, letter.reason()),
                utf8(TOPIC_HEADER, letter.topic()),
                utf8(PARTITION_HEADER, Integer.toString(letter.partition())),
                utf8(OFFSET_HEADER, Long.toString(letter.offset())));
        // The broker stamps the time: a dead letter has no event time we could trust.
        return new ProducerRecord<>(deadLetterTopic, null, null, letter.key(), letter.value(), headers);
    }

    private static Header utf8(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
