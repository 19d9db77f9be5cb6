package io.tunnelwatch.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code agent capture|replay}: the agent that publishes packet summaries to Kafka. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Capture live or replay capture files into Kafka (configuration: docs/agent.md).",
        subcommands = {CaptureCommand.class, ReplayCommand.class})
final class AgentCommand implements Runnable {
    /** Finished, but some summaries were not delivered or a file was cut short. */
    static final int EXIT_INCOMPLETE = 3;

    @ParentCommand
    private AgentCli parent;

    @Spec
    private CommandSpec spec;

    AgentCli cli() {
        return parent;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (available: capture, replay)");
    }
}
