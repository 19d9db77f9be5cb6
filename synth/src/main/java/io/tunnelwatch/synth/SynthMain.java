package io.tunnelwatch.synth;

import picocli.CommandLine;

/** Runs {@link SynthCommand} as a program (java -jar synth.jar ...); the launcher may call the command directly. */
public final class SynthMain {
    private SynthMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SynthCommand()).execute(args));
    }
}
