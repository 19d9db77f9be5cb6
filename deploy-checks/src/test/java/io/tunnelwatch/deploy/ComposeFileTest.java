package io.tunnelwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.tunnelwatch.agent.config.AgentConfig;
import io.tunnelwatch.job.JobConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** docker-compose.yml: valid Compose, and every command, variable and topic agrees with the code. */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("..", "docker-compose.yml").toAbsolutePath().normalize();
    /** ${NAME:-default}, ${NAME:?message}, ${NAME}: Compose's interpolation forms. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?[-?]([^}]*))?}");
    private static final Pattern CREATE_TOPIC = Pattern.compile("^\\s*create (\\S+)(.*)$", Pattern.MULTILINE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String raw;
    private static JsonNode compose;

    @BeforeAll
    static void load() throws IOException {
        raw = Files.readString(COMPOSE, StandardCharsets.UTF_8);
        compose = new ObjectMapper(new YAMLFactory()).readTree(interpolate(raw));
    }

    @Test
    void fileIsValidAgainstTheComposeSpecification() throws IOException {
        JsonSchema schema = composeSchema();
        JsonNode asWritten = new ObjectMapper(new YAMLFactory()).readTree(raw);

        assertThat(schema.validate(asWritten)).isEmpty();

        // The same validator refuses a misspelt key: the check above can fail.
        ObjectNode broken = asWritten.deepCopy();
        ((ObjectNode) broken.at("/services/agent")).put("network-mode", "host");
        Set<ValidationMessage> errors = schema.validate(broken);
        assertThat(errors).extracting(ValidationMessage::getMessage).anyMatch(message -> message.contains("network-mode"));
    }

    @Test
    void agentCommandsAreAcceptedByTheAgentCommandLine() {
        CommandLine.ParseResult capture = CommandLines.leaf(CommandLines.parseAgent(strings(service("agent").path("command"))));
        assertThat(capture.commandSpec().name()).isEqualTo("capture");
        assertThat((List<String>) capture.matchedOptionValue("--interface", List.<String>of())).containsExactly("eth0");

        CommandLine.ParseResult replay = CommandLines.leaf(CommandLines.parseAgent(replayArguments()));
        assertThat(replay.commandSpec().name()).isEqualTo("replay");
        assertThat((String) replay.matchedOptionValue("--topic", null)).isEqualTo(AgentConfig.REPLAY_TOPIC);
    }

    @Test
    void agentEnvironmentVariablesAreOnesTheAgentReads() {
        assertThat(AgentEnvironment.isRead("TUNNELWATCH_NOT_A_SETTING", "x")).isFalse();
        List<String> names = new ArrayList<>();
        service("agent").path("environment").fieldNames().forEachRemaining(names::add);

        assertThat(names).isNotEmpty().allSatisfy(name ->
                assertThat(AgentEnvironment.isRead(name, "compose-probe")).as(name).isTrue());
    }

    @Test
    void jobCommandsAreAcceptedByTheJob() {
        List<String> jobManager = strings(service("jobmanager").path("command"));
        assertThat(jobManager.subList(0, 2)).containsExactly("standalone-job", "--job-classname");
        HelmChartTest.assertIsRunnableMainClass(jobManager.get(2));
        JobConfig live = CommandLines.parseJob(jobManager.subList(3, jobManager.size()), Map.of());
        assertThat(live.checkpointInterval()).isPositive();

        List<String> replayEntry = strings(service("replay-job").path("entrypoint"));
        HelmChartTest.assertIsRunnableMainClass(replayEntry.get(replayEntry.size() - 1));
        assertThat(replayEntry).contains("/opt/flink/lib/*:/opt/flink/usrlib/tunnelwatch-job.jar");
        JobConfig replay = CommandLines.parseJob(strings(service("replay-job").path("command")), Map.of());
        assertThat(replay.bounded()).isTrue();
        assertThat(replay.summariesTopic()).isEqualTo(AgentConfig.REPLAY_TOPIC);
    }

    @Test
    void everyTopicUsedIsCreatedAtStartAndReplayTopicsKeepOldRecords() {
        Map<String, String> created = createdTopics();
        JobConfig defaults = CommandLines.parseJob(List.of(), Map.of());
        JobConfig live = CommandLines.parseJob(jobArguments("jobmanager"), Map.of());
        JobConfig replay = CommandLines.parseJob(strings(service("replay-job").path("command")), Map.of());
        String agentTopic = CommandLines.leaf(CommandLines.parseAgent(strings(service("agent").path("command"))))
                .matchedOptionValue("--topic", null);

        List<String> used = new ArrayList<>(List.of(AgentConfig.LIVE_TOPIC, AgentConfig.REPLAY_TOPIC, agentTopic));
        for (JobConfig job : List.of(defaults, live, replay)) {
            used.addAll(List.of(job.summariesTopic(), job.alertsTopic(), job.tunnelEventsTopic(), job.deadLetterTopic()));
        }
        assertThat(created.keySet()).containsAll(used);
        // Replayed records carry the capture's timestamps: time-based retention would delete them at once.
        for (JobConfig job : List.of(replay)) {
            for (String topic : List.of(job.summariesTopic(), job.alertsTopic(), job.tunnelEventsTopic(), job.deadLetterTopic())) {
                assertThat(created.get(topic)).as(topic).contains("retention.ms=-1");
            }
        }
    }

    private static List<String> jobArguments(String service) {
        List<String> command = strings(service(service).path("command"));
        return command.subList(3, command.size());
    }

    /** The replay service runs a shell for its glob; its arguments follow the agent's main class. */
    private static List<String> replayArguments() {
        String script = service("replay").path("command").get(0).asText();
        List<String> words = Arrays.asList(script.trim().split("\\s+"));
        List<String> args = new ArrayList<>(words.subList(words.indexOf("io.tunnelwatch.agent.cli.AgentCli") + 1, words.size()));
        HelmChartTest.assertIsRunnableMainClass("io.tunnelwatch.agent.cli.AgentCli");
        args.replaceAll(word -> word.contains("*") ? "/captures/example.pcap" : word);
        return args;
    }

    private static Map<String, String> createdTopics() {
        String script = service("kafka-init").path("command").get(0).asText();
        Map<String, String> topics = new HashMap<>();
        Matcher m = CREATE_TOPIC.matcher(script);
        while (m.find()) {
            topics.put(m.group(1), m.group(2));
        }
        return topics;
    }

    private static JsonNode service(String name) {
        JsonNode service = compose.path("services").path(name);
        assertThat(service.isMissingNode()).as("service " + name).isFalse();
        return service;
    }

    private static List<String> strings(JsonNode node) {
        return RenderedChart.strings(node);
    }

    /** Compose's interpolation with every variable unset: defaults apply, {@code $$} is a dollar. */
    private static String interpolate(String text) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        }
        m.appendTail(out);
        return out.toString().replace("$$", "$");
    }

    private static JsonSchema composeSchema() throws IOException {
        try (var in = ComposeFileTest.class.getResourceAsStream("/compose-spec/compose-spec.json")) {
            // This revision still names itself with draft-04's "id"; it is an annotation, not a check.
            JsonMetaSchema metaSchema = JsonMetaSchema.builder(JsonMetaSchema.getV201909())
                    .keyword(new NonValidationKeyword("id")).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909,
                    builder -> builder.metaSchema(metaSchema).defaultMetaSchemaIri(metaSchema.getIri()))
                    .getSchema(JSON.readTree(in));
        }
    }
}
