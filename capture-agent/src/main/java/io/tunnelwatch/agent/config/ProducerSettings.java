package io.tunnelwatch.agent.config;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka producer properties the agent runs with: tuned defaults, overridden by any client
 * property in the configuration file (security, SASL/SCRAM, mTLS, batching...), overridden by the
 * bootstrap servers given as a flag or in the environment. Serializers are always byte arrays.
 */
public final class ProducerSettings {
    private ProducerSettings() {}

    /**
     * Defaults for an agent on a small branch box writing over a WAN:
     * <ul>
     *   <li>idempotence with acks=all: retries after a broken connection never duplicate a summary;</li>
     *   <li>lz4: cheap on CPU, and summaries (repeated addresses, headers) compress well;</li>
     *   <li>linger 20 ms and 128 KiB batches: a few requests per second even under load;</li>
     *   <li>10 min delivery timeout: an outage that short loses nothing as long as buffer.memory (32 MiB)
     *       and the agent's own queue hold out; then summaries are dropped and counted;</li>
     *   <li>max.block.ms 1 s: the sending thread notices a full buffer quickly and retries.</li>
     * </ul>
     */
    public static Map<String, String> defaults() {
        Map<String, String> defaults = new TreeMap<>();
        defaults.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        defaults.put(ProducerConfig.ACKS_CONFIG, "all");
        defaults.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        defaults.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        defaults.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(128 * 1024));
        defaults.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(32L * 1024 * 1024));
        defaults.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        defaults.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
        defaults.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "10000");
        return defaults;
    }

    /**
     * Merges defaults, the file's Kafka properties and the bootstrap override, then lets Kafka's own
     * {@link ProducerConfig} check names' types and values so a typo fails at start with one line.
     */
    public static Map<String, String> build(Map<String, String> fromFile, String bootstrapServers, String clientId) {
        Map<String, String> properties = defaults();
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        properties.putAll(fromFile);
        if (bootstrapServers != null) {
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        if (properties.getOrDefault(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "").isBlank()) {
            throw new ConfigException("no Kafka bootstrap servers: give --bootstrap HOST:PORT, "
                    + SettingSources.environmentName("bootstrap") + " or bootstrap.servers in the configuration file");
        }
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        validate(properties);
        return Map.copyOf(properties);
    }

    /** The subset of the producer's properties an admin client understands (connection and security). */
    public static Map<String, Object> forAdmin(Map<String, String> producerProperties) {
        Map<String, Object> admin = new TreeMap<>();
        producerProperties.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                admin.put(key, value);
            }
        });
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, producerProperties.get(ProducerConfig.CLIENT_ID_CONFIG) + "-startup-check");
        return admin;
    }

    private static void validate(Map<String, String> properties) {
        try {
            new ProducerConfig(new TreeMap<>(properties));
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw new ConfigException("Kafka producer configuration: " + e.getMessage());
        }
    }
}
