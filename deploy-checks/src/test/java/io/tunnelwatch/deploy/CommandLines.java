package io.tunnelwatch.deploy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.tunnelwatch.agent.cli.AgentCli;
import io.tunnelwatch.job.CorrelationJobCommand;
import io.tunnelwatch.job.JobConfig;
import picocli.CommandLine;

/**
 * The agent's and the job's command lines as the code defines them today: deployment files are
 * checked against these models, never against a list copied from the docs.
 */
final class CommandLines {

    private CommandLines() {
    }

    /**
     * Parses agent arguments ({@code agent capture ...}) with the agent's picocli model; throws
     * {@link CommandLine.ParameterException} for an unknown option or a missing value. Nothing runs.
     */
    static CommandLine.ParseResult parseAgent(List<String> args) {
        CommandLine cli = new CommandLine(AgentCli.class, new AgentCliFactory());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli.parseArgs(args.toArray(String[]::new));
    }

    /** The innermost subcommand's parse result ({@code capture} for {@code agent capture ...}). */
    static CommandLine.ParseResult leaf(CommandLine.ParseResult result) {
        CommandLine.ParseResult leaf = result;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        return leaf;
    }

    /** Parses and checks job arguments exactly as {@code tunnelwatch job} does, with the given environment. */
    static JobConfig parseJob(List<String> args, Map<String, String> env) {
        return CorrelationJobCommand.parse(args, env);
    }

    /** AgentCli has no public constructor; picocli gets one that writes nowhere. */
    private static final class AgentCliFactory implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == AgentCli.class) {
                Constructor<K> constructor = type.getDeclaredConstructor(OutputStream.class, PrintStream.class);
                constructor.setAccessible(true);
                PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
                return constructor.newInstance(OutputStream.nullOutputStream(), nowhere);
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
