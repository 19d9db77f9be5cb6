package io.tunnelwatch.agent.publish;

import io.tunnelwatch.agent.config.AgentConfig;
import io.tunnelwatch.agent.config.ConfigException;
import io.tunnelwatch.agent.config.ProducerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the cluster for its description before the agent starts, with a short timeout, so a wrong
 * bootstrap address or bad credentials are one clear line at start instead of a silent agent. Later
 * outages are different: the agent rides them out (see {@link SummaryPublisher}).
 */
public final class KafkaStartupCheck {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaStartupCheck.class);

    private KafkaStartupCheck() {}

    public static void verify(AgentConfig config) {
        Duration timeout = config.startupTimeout();
        Map<String, Object> properties = ProducerSettings.forAdmin(config.producerProperties());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        // One attempt per address, not the client's long reconnect schedule.
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        try (Admin admin = Admin.create(properties)) {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            LOG.info("Kafka at {} reachable ({} broker(s))", config.bootstrapServers(), brokers);
            checkTopic(admin, config.topic(), timeout);
        } catch (ExecutionException e) {
            throw unreachable(config, e.getCause() == null ? e : e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ConfigException("cannot reach Kafka at " + config.bootstrapServers() + " within "
                    + timeout.toSeconds() + " s (check --bootstrap, the network and the security settings)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while checking Kafka at " + config.bootstrapServers());
        } catch (KafkaException e) {
            throw unreachable(config, e);
        }
    }

    private static void checkTopic(Admin admin, String topic, Duration timeout) throws InterruptedException {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                LOG.warn("topic {} does not exist yet; the broker creates it on first use only if auto-creation is on", topic);
            } else {
                LOG.warn("could not describe topic {}: {}", topic, e.getCause() == null ? e : e.getCause().toString());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("could not describe topic {} within {} s", topic, timeout.toSeconds());
        }
    }

    private static ConfigException unreachable(AgentConfig config, Throwable cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new ConfigException("cannot reach Kafka at " + config.bootstrapServers() + ": "
                + reason.replace('\n', ' '));
    }
}
