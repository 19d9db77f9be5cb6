package io.tunnelwatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tunnelwatch demo}: {@code local} on the bundled samples. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the local pipeline on the bundled samples: the QuickVPN seed trace (one tunnel established, "
                + "no alert) and one capture per failure reason.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--samples", paramLabel = "DIR", description = "Folder of sample captures (default: samples/ of the installation).")
    Path samples;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write the self-contained forensic report (timelines and packets per tunnel) here.")
    Path report;

    private final PrintStream out;
    private final PrintStream progress;

    public DemoCommand() {
        this(System.out, System.err);
    }

    DemoCommand(PrintStream out, PrintStream progress) {
        this.out = out;
        this.progress = progress;
    }

    @Override
    public Integer call() throws Exception {
        Path folder = samples != null ? samples : Path.of(System.getProperty("tunnelwatch.home", "."), "samples");
        List<Path> files = captures(folder);
        progress.printf("tunnelwatch: demo on %d bundled capture(s) in %s%n", files.size(), folder);
        return LocalCommand.run(new LocalOptions(files, List.of(), null, null, 1, 1, false,
                CorrelationSettings.DEFAULT, report), out, progress);
    }

    static List<Path> captures(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("no samples folder at " + folder);
        }
        try (Stream<Path> entries = Files.list(folder)) {
            List<Path> files = entries.filter(file -> file.toString().endsWith(".pcap") || file.toString().endsWith(".pcapng"))
                    .sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no .pcap or .pcapng file in " + folder);
            }
            return files;
        }
    }
}
