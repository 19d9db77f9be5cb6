package io.tunnelwatch.cli;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * How far the local job's Kafka source has read, per topic partition, straight from the source's own
 * {@code currentOffset} gauge (the offset of the last record it emitted). A Flink metric reporter in
 * the local MiniCluster's JVM; {@link ConcurrentJob} asks it when the job has read a topic to its end.
 *
 * <p>Why not the consumer group's committed offsets: the source commits them only on checkpoints,
 * and once it has caught up its fetcher waits up to 10 s in {@code poll} before the commit goes out.
 */
public final class SourceProgress implements MetricReporter {
    /** Flink configuration key that installs it. */
    static final String REPORTER_KEY = "metrics.reporter.tunnelwatch-source-progress.factory.class";

    private static final Map<String, Gauge<?>> CURRENT_OFFSETS = new ConcurrentHashMap<>();

    /** The offset of the last record the source emitted from this partition, or -1 before the first. */
    static long currentOffset(String topic, int partition) {
        Gauge<?> gauge = CURRENT_OFFSETS.get(key(topic, String.valueOf(partition)));
        return gauge != null && gauge.getValue() instanceof Number offset ? offset.longValue() : -1;
    }

    @Override
    public void open(MetricConfig config) {
    }

    @Override
    public void close() {
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        String key = partitionKey(name, group);
        if (key != null && metric instanceof Gauge<?> gauge) {
            CURRENT_OFFSETS.put(key, gauge);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        String key = partitionKey(name, group);
        if (key != null) {
            CURRENT_OFFSETS.remove(key, metric);
        }
    }

    /** "topic/partition" for the Kafka source reader's currentOffset gauge, null for any other metric. */
    private static String partitionKey(String name, MetricGroup group) {
        if (!"currentOffset".equals(name)) {
            return null;
        }
        Map<String, String> variables = group.getAllVariables();
        String topic = variables.get("<topic>");
        String partition = variables.get("<partition>");
        return topic == null || partition == null ? null : key(topic, partition);
    }

    private static String key(String topic, String partition) {
        return topic + "/" + partition;
    }

    /** Found by Flink through META-INF/services. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new SourceProgress();
        }
    }
}
