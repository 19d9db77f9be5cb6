package io.tunnelwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.tunnelwatch.agent.config.Cidr;
import io.tunnelwatch.job.JobConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The Helm chart, linted and rendered by Helm itself, checked against the agent's and the job's command lines. */
class HelmChartTest {

    private static final String KAFKA_SECRET = "tunnelwatch-kafka-client";
    private static RenderedChart defaults;

    @BeforeAll
    static void renderDefaults() {
        defaults = RenderedChart.render(Map.of());
    }

    @Test
    void chartPassesHelmLintStrict() {
        LintResult lint = new Helm(RenderedChart.CHART).lint().strict().call();

        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    }

    @Test
    void defaultsRenderOneAgentDaemonSetAndTheFlinkDeploymentOnly() {
        assertThat(defaults.manifests()).extracting(m -> m.path("kind").asText())
                .containsExactlyInAnyOrder("DaemonSet", "FlinkDeployment");
        assertThat(defaults.only("FlinkDeployment").path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        assertThat(defaults.only("DaemonSet").path("apiVersion").asText()).isEqualTo("apps/v1");
    }

    @Test
    void everyResourceCarriesTheStandardLabelsAndSelectorsMatchTheirPods() {
        for (JsonNode manifest : defaults.manifests()) {
            JsonNode labels = manifest.path("metadata").path("labels");
            assertThat(labels.path("app.kubernetes.io/name").asText()).isEqualTo("tunnelwatch");
            assertThat(labels.path("app.kubernetes.io/instance").asText()).isEqualTo(RenderedChart.RELEASE);
            assertThat(labels.path("app.kubernetes.io/managed-by").asText()).isEqualTo("Helm");
            assertThat(labels.path("helm.sh/chart").asText()).startsWith("tunnelwatch-");
            assertThat(manifest.path("metadata").path("namespace").asText()).isEqualTo(RenderedChart.NAMESPACE);
        }
        JsonNode daemonSet = defaults.only("DaemonSet");
        JsonNode podLabels = daemonSet.at("/spec/template/metadata/labels");
        daemonSet.at("/spec/selector/matchLabels").fields().forEachRemaining(selector ->
                assertThat(podLabels.path(selector.getKey()).asText()).isEqualTo(selector.getValue().asText()));
    }

    @Test
    void agentCapturesOnTheHostNetworkWithOnlyThePacketCapabilities() {
        JsonNode pod = defaults.only("DaemonSet").at("/spec/template/spec");
        JsonNode container = pod.path("containers").get(0);
        JsonNode security = container.path("securityContext");

        assertThat(pod.path("hostNetwork").asBoolean()).isTrue();
        assertThat(pod.path("dnsPolicy").asText()).isEqualTo("ClusterFirstWithHostNet");
        assertThat(RenderedChart.strings(security.at("/capabilities/drop"))).containsExactly("ALL");
        assertThat(RenderedChart.strings(security.at("/capabilities/add"))).containsExactlyInAnyOrder("NET_RAW", "NET_ADMIN");
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("privileged").asBoolean(true)).isFalse();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
        assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
        assertThat(container.path("image").asText()).isEqualTo("tunnelwatch/agent:0.1.0");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
    }

    @Test
    void nonRootAgentRunsAsItsUserAndMayUseFileCapabilities() {
        RenderedChart chart = RenderedChart.render(Map.of("agent.nonRoot.enabled", true));
        JsonNode pod = chart.only("DaemonSet").at("/spec/template/spec");

        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
        // The kernel only grants file capabilities when no_new_privs is off.
        assertThat(pod.at("/containers/0/securityContext/allowPrivilegeEscalation").asBoolean()).isTrue();
    }

    @Test
    void everyAgentArgumentIsAnOptionOfTheAgentCommandLine() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("agent.sites[0].name", "lyon");
        values.put("agent.sites[0].interfaces[0]", "eth1");
        values.put("agent.sites[0].interfaces[1]", "eth2");
        values.put("agent.sites[0].gateways[0]", "198.51.100.0/24");
        values.put("agent.extraArgs[0]", "--snaplen");
        values.put("agent.extraArgs[1]", "512");
        values.put("kafka.clientConfig.existingSecret", KAFKA_SECRET);
        JsonNode container = RenderedChart.render(values).only("DaemonSet").at("/spec/template/spec/containers/0");

        CommandLine.ParseResult capture = CommandLines.leaf(CommandLines.parseAgent(RenderedChart.strings(container.path("args"))));

        assertThat(capture.commandSpec().name()).isEqualTo("capture");
        assertThat((String) capture.matchedOptionValue("--site", null)).isEqualTo("lyon");
        List<String> interfaces = capture.matchedOptionValue("--interface", List.<String>of());
        assertThat(interfaces).containsExactly("eth1", "eth2");
        assertThat((String) capture.matchedOptionValue("--bootstrap", null)).isEqualTo("kafka-bootstrap.kafka.svc:9092");
        assertThat((String) capture.matchedOptionValue("--topic", null)).isEqualTo(defaultJobConfig().summariesTopic());
        String producerConfig = capture.matchedOptionValue("--producer-config", null);
        assertThat(producerConfig).startsWith(mountPath(container, "kafka-client") + "/");
        for (String cidr : ((String) capture.matchedOptionValue("--gateways", "")).split(",")) {
            assertThat(Cidr.parse(cidr).toString()).isEqualTo(cidr);
        }
    }

    @Test
    void everyAgentEnvironmentVariableIsOneTheAgentReads() {
        JsonNode env = defaults.only("DaemonSet").at("/spec/template/spec/containers/0/env");
        List<String> tunnelwatchVariables = new ArrayList<>();
        env.forEach(variable -> {
            String name = variable.path("name").asText();
            if (name.startsWith("TUNNELWATCH_")) {
                tunnelwatchVariables.add(name);
            }
        });

        assertThat(tunnelwatchVariables).isNotEmpty()
                .allSatisfy(name -> assertThat(AgentEnvironment.isRead(name, "node-probe-7")).as(name).isTrue());
    }

    @Test
    void eachSiteGetsItsOwnDaemonSetLabelsAndSiteFlag() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("agent.sites[0].name", "lyon");
        values.put("agent.sites[0].interfaces[0]", "eth1");
        values.put("agent.sites[0].nodeSelector.tunnelwatch\\.io/site", "lyon");
        values.put("agent.sites[1].name", "Paris_HQ");
        values.put("agent.sites[1].interfaces[0]", "bond0");
        List<JsonNode> daemonSets = RenderedChart.render(values).ofKind("DaemonSet");

        assertThat(daemonSets).extracting(d -> d.at("/metadata/name").asText())
                .containsExactly("tw-tunnelwatch-agent-lyon", "tw-tunnelwatch-agent-paris-hq");
        assertThat(daemonSets).extracting(d -> d.at("/spec/template/metadata/labels/tunnelwatch.io~1site").asText())
                .containsExactly("lyon", "paris-hq");
        assertThat(daemonSets).extracting(d -> (String) CommandLines.leaf(CommandLines.parseAgent(
                        RenderedChart.strings(d.at("/spec/template/spec/containers/0/args")))).matchedOptionValue("--site", null))
                .containsExactly("lyon", "Paris_HQ");
        JsonNode lyonNodes = daemonSets.get(0).at("/spec/template/spec/nodeSelector");
        assertThat(lyonNodes.path("tunnelwatch.io/site").asText()).isEqualTo("lyon");
        assertThat(lyonNodes.path("kubernetes.io/os").asText()).isEqualTo("linux");
    }

    @Test
    void jobArgumentsAreAcceptedByTheJobAndCarryTheChartsSettings(@TempDir Path kafkaDir) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("kafka.clientConfig.existingSecret", KAFKA_SECRET);
        values.put("job.gateways[0]", "198.51.100.7/32");
        values.put("job.extraArgs[0]", "--idle-timeout");
        values.put("job.extraArgs[1]", "300s");
        JsonNode deployment = RenderedChart.render(values).only("FlinkDeployment");
        JsonNode job = deployment.at("/spec/job");
        String mount = deployment.at("/spec/podTemplate/spec/containers/0/volumeMounts/0/mountPath").asText();
        Files.writeString(kafkaDir.resolve("client.properties"), "security.protocol=SSL\n", StandardCharsets.UTF_8);
        // The Secret's files are only on a pod; here the same file name is read from a temporary directory.
        List<String> args = RenderedChart.strings(job.path("args")).stream()
                .map(arg -> arg.startsWith(mount + "/") ? kafkaDir + arg.substring(mount.length()) : arg).toList();

        JobConfig config = CommandLines.parseJob(args, Map.of());

        assertThat(config.summariesTopic()).isEqualTo("tunnelwatch.summaries");
        assertThat(config.stateBackend()).isEqualTo(JobConfig.StateBackendKind.ROCKSDB);
        assertThat(config.checkpointInterval()).hasSeconds(60);
        assertThat(config.parallelism()).isEqualTo(job.path("parallelism").asInt());
        assertThat(config.kafkaProperties()).containsEntry("security.protocol", "SSL");
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.path("jarURI").asText()).isEqualTo("local:///opt/flink/usrlib/tunnelwatch-job.jar");
        assertThat(deployment.at("/spec/flinkConfiguration/execution.checkpointing.savepoint-dir").asText()).isNotEmpty();
        assertThat(deployment.at("/spec/podTemplate/spec/volumes/0/secret/secretName").asText()).isEqualTo(KAFKA_SECRET);
        assertIsRunnableMainClass(job.path("entryClass").asText());
    }

    @Test
    void theAgentAndTheJobUseTheSameSummariesTopic() {
        String agentTopic = CommandLines.leaf(CommandLines.parseAgent(RenderedChart.strings(
                defaults.only("DaemonSet").at("/spec/template/spec/containers/0/args")))).matchedOptionValue("--topic", null);
        JobConfig job = CommandLines.parseJob(RenderedChart.strings(defaults.only("FlinkDeployment").at("/spec/job/args")), Map.of());

        assertThat(agentTopic).isEqualTo(job.summariesTopic());
    }

    @Test
    void strimziTopicsAreRenderedOnlyWhenAskedForAndNameTheJobsTopics() {
        assertThat(defaults.ofKind("KafkaTopic")).isEmpty();

        RenderedChart chart = RenderedChart.render(Map.of("kafka.topics.strimzi.enabled", true));
        JobConfig job = CommandLines.parseJob(RenderedChart.strings(chart.only("FlinkDeployment").at("/spec/job/args")), Map.of());
        List<JsonNode> topics = chart.ofKind("KafkaTopic");

        assertThat(topics).allSatisfy(topic -> {
            assertThat(topic.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
            assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("tunnelwatch");
            assertThat(topic.at("/metadata/name").asText()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
            assertThat(topic.at("/spec/partitions").asInt()).isPositive();
        });
        assertThat(topics).extracting(topic -> topic.at("/spec/topicName").asText()).containsExactlyInAnyOrder(
                job.summariesTopic(), job.alertsTopic(), job.tunnelEventsTopic(), job.deadLetterTopic());
    }

    @Test
    void valuesSchemaOffersExactlyTheJobsEnumValues() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(RenderedChart.CHART.resolve("values.schema.json").toFile());

        assertThat(RenderedChart.strings(schema.at("/properties/job/properties/stateBackend/enum")))
                .containsExactlyInAnyOrderElementsOf(names(JobConfig.StateBackendKind.values()));
        assertThat(RenderedChart.strings(schema.at("/properties/job/properties/startFrom/enum")))
                .containsExactlyInAnyOrderElementsOf(names(JobConfig.StartFrom.values()));
    }

    @Test
    void valuesSchemaRefusesWrongValuesBeforeAnythingRenders() {
        assertThatThrownBy(() -> RenderedChart.render(Map.of("job.stateBackend", "FILESYSTEM")))
                .hasMessageContaining("stateBackend");
        assertThatThrownBy(() -> RenderedChart.render(Map.of("agent.sites[0].gateways[0]", "not-a-cidr")))
                .hasMessageContaining("gateways");
        assertThatThrownBy(() -> RenderedChart.render(Map.of("agent.misspelled", "x")))
                .hasMessageContaining("misspelled");
    }

    private static JobConfig defaultJobConfig() {
        return CommandLines.parseJob(List.of(), Map.of());
    }

    private static String mountPath(JsonNode container, String volume) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (volume.equals(mount.path("name").asText())) {
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError("no mount of volume " + volume);
    }

    static void assertIsRunnableMainClass(String className) {
        try {
            Method main = Class.forName(className).getMethod("main", String[].class);
            assertThat(Modifier.isStatic(main.getModifiers())).as(className + ".main is static").isTrue();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(className + " has no main: " + e, e);
        }
    }

    private static Set<String> names(Enum<?>[] values) {
        return new HashSet<>(Arrays.stream(values).map(Enum::name).toList());
    }
}
