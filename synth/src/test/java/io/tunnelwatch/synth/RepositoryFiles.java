package io.tunnelwatch.synth;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root (where samples/ is committed) from the module directory the tests run in. */
final class RepositoryFiles {
    private RepositoryFiles() {
    }

    static Path samplesDirectory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("samples")) && Files.isRegularFile(dir.resolve("synth/pom.xml"))) {
                return dir.resolve("samples");
            }
            dir = dir.getParent();
        }
        throw new AssertionError("no samples/ directory above " + Path.of("").toAbsolutePath());
    }
}
