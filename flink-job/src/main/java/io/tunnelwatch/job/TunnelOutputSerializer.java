package io.tunnelwatch.job;

import java.nio.charset.StandardCharsets;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Alerts to the alerts topic, tunnel events to the tunnel-events topic: key the tunnel id, value the
 * JSON object, record timestamp the verdict's event time (so consumers can seek by event time).
 */
public final class TunnelOutputSerializer implements KafkaRecordSerializationSchema<TunnelOutput> {

    private static final long serialVersionUID = 1L;

    private final String alertsTopic;
    private final String tunnelEventsTopic;

    public TunnelOutputSerializer(String alertsTopic, String tunnelEventsTopic) {
        this.alertsTopic = alertsTopic;
        this.tunnelEventsTopic = tunnelEventsTopic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(TunnelOutput output, KafkaSinkContext context, Long timestamp) {
        String topic = output.kind() == OutputKind.ALERT ? alertsTopic : tunnelEventsTopic;
        long millis = Math.floorDiv(output.eventTimeMicros(), 1000L);
        return new ProducerRecord<>(topic, null, millis >= 0 ? millis : null,
                output.tunnelId().getBytes(StandardCharsets.UTF_8),
                output.json().getBytes(StandardCharsets.UTF_8));
    }
}
