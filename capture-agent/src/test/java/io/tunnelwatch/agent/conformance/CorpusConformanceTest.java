package io.tunnelwatch.agent.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every capture of the public corpus (src/test/resources/corpus, copied from ../shared/corpus/public with
 * its SOURCES.md) decoded and compared field by field with TShark 4.0's dissection. One test per capture
 * lists all of its mismatches; deliberate differences are the named {@link KnownDifference}s, and a last
 * test fails if any of them no longer occurs.
 */
class CorpusConformanceTest {

    static Path corpusRoot() {
        try {
            return Path.of(CorpusConformanceTest.class.getResource("/corpus/SOURCES.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> captureNames() throws IOException {
        Path expected = corpusRoot().resolve("expected");
        try (Stream<Path> files = Files.walk(expected)) {
            return files.filter(p -> p.toString().endsWith(".tsv"))
                    .map(p -> expected.relativize(p).toString().replace('\\', '/'))
                    .map(name -> name.substring(0, name.length() - ".tsv".length()))
                    .sorted()
                    .toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaptureAgreesWithWireshark() throws IOException {
        Set<KnownDifference> seen = EnumSet.noneOf(KnownDifference.class);
        List<String> names = captureNames();
        Stream<DynamicTest> perCapture = names.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Path root = corpusRoot();
            WiresharkTruth truth = WiresharkTruth.read(root.resolve("expected").resolve(name + ".tsv"));
            ConformanceComparator.Result result = ConformanceComparator.compare(name, root.resolve(name), truth);
            List<Mismatch> unexplained = new ArrayList<>();
            for (Mismatch mismatch : result.mismatches()) {
                KnownDifference.covering(mismatch).ifPresentOrElse(seen::add, () -> unexplained.add(mismatch));
            }
            assertThat(result.framesRead()).as("frames read from %s", name).isPositive();
            assertThat(unexplained)
                    .as("%s: %d mismatches with Wireshark:%n%s", name, unexplained.size(),
                            unexplained.stream().map(Mismatch::toString).collect(Collectors.joining("\n")))
                    .isEmpty();
        }));
        DynamicTest noStaleDifferences = DynamicTest.dynamicTest("every known difference still occurs", () -> {
            Set<KnownDifference> stale = EnumSet.allOf(KnownDifference.class);
            stale.removeAll(seen);
            assertThat(stale).as("known differences that no longer occur (remove them here and in "
                    + "docs/decoder-conformance.md)").isEmpty();
        });
        return Stream.concat(perCapture, Stream.of(noStaleDifferences));
    }

    @TestFactory
    Stream<DynamicTest> theCorpusIsComplete() throws IOException {
        // Guards against a silently empty test: all 33 captures of SOURCES.md, each with its truth.
        List<String> names = captureNames();
        return Stream.of(
                DynamicTest.dynamicTest("33 expectation files", () -> assertThat(names).hasSize(33)),
                DynamicTest.dynamicTest("a capture for every expectation", () -> assertThat(names)
                        .allSatisfy(name -> assertThat(corpusRoot().resolve(name)).isRegularFile())));
    }
}
