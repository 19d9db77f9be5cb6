package io.tunnelwatch.agent.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The agent's command line; subcommands do the work. Errors are one line on stderr and a non-zero exit. */
@Command(name = "tunnelwatch", mixinStandardHelpOptions = true, version = "tunnelwatch 0.1.0",
        description = "Finds why remote-access IPsec VPN tunnels fail to come up.",
        subcommands = {DecodeCommand.class, AgentCommand.class})
public final class AgentCli implements Runnable {
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INTERNAL_ERROR = 1;

    private final OutputStream stdout;
    private final PrintStream stderr;

    @Spec
    private CommandSpec spec;

    AgentCli(OutputStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    OutputStream stdout() {
        return stdout;
    }

    PrintStream stderr() {
        return stderr;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (available: decode)");
    }

    public static void main(String[] args) {
        // stdout unbuffered at this level: DecodeRun buffers in large blocks itself.
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(execute(args, stdout, stderr));
    }

    /** Parses and runs; returns the exit code. */
    public static int execute(String[] args, OutputStream stdout, PrintStream stderr) {
        CommandLine commandLine = new CommandLine(new AgentCli(stdout, stderr));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setOut(new PrintWriter(new PrintStream(stdout, true, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(stderr, true));
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            stderr.println("tunnelwatch: " + exception.getMessage().replace('\n', ' ').trim() + " (see --help)");
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            stderr.println("tunnelwatch: internal error: " + exception);
            return EXIT_INTERNAL_ERROR;
        });
        return commandLine.execute(args);
    }
}
