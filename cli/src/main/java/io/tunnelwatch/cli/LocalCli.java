package io.tunnelwatch.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the commands that run the pipeline locally; errors are one line and a non-zero exit. */
@Command(name = "tunnelwatch", mixinStandardHelpOptions = true, version = "tunnelwatch 0.1.0",
        subcommands = {LocalCommand.class, DemoCommand.class, AlertsCommand.class})
public final class LocalCli {
    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILED = 1;

    private LocalCli() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new LocalCli());
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            System.err.println("tunnelwatch: " + exception.getMessage().replace('\n', ' ').trim() + " (see --help)");
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            // Bad input (a file, an option value) is the user's to fix: say what, not where in our code.
            String message = exception.getMessage() == null ? exception.toString() : exception.getMessage();
            System.err.println("tunnelwatch: " + message.replace('\n', ' ').trim());
            return exception instanceof IllegalArgumentException ? EXIT_USAGE : EXIT_FAILED;
        });
        commandLine.setErr(new PrintWriter(System.err, true));
        return commandLine.execute(args);
    }
}
