package io.tunnelwatch.agent.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code decode [--format text|jsonl|none] FILE...}: only parses, then hands a {@link DecodeRequest} to {@link DecodeRun}. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Decode pcap/pcapng files: one line per packet carrying TCP, UDP 500/4500 or ESP; "
                + "a stats line on stderr.")
final class DecodeCommand implements Callable<Integer> {

    @ParentCommand
    private AgentCli parent;

    @Option(names = "--format", paramLabel = "text|jsonl|none", defaultValue = "text",
            description = "Line format: text (readable), jsonl (documented contract), none (stats only). "
                    + "Default: ${DEFAULT-VALUE}.")
    private OutputFormat format;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "pcap or pcapng capture files, decoded in order.")
    private List<Path> files;

    @Override
    public Integer call() {
        return new DecodeRun(parent.stdout(), parent.stderr()).run(new DecodeRequest(format, files));
    }
}
