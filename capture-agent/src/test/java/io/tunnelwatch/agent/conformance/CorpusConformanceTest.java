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
 * its SOURCES.md), and every project sample (src/test/resources/fixtures/samples: the seed trace rebuilt as
 * packets and one capture per failure reason, with TShark truth made the same way), decoded and compared
 * field by field with TShark 4.0's dissection. One test per capture
 * lists all of its mismatches; deliberate differences are the named {@link KnownDifference}s, and a last
 * test fails if any of them no longer occurs.
 */
class CorpusConformanceTest {

    static Path corpusRoot() {
        return resourceDirectory("/corpus/SOURCES.md");
    }

    /** The project's own sample captures (seed trace reconstruction and one per failure reason), with truth. */
    static Path projectFixturesRoot() {
        return resourceDirectory("/fixtures/samples/README.md");
    }

    private static Path resourceDirectory(String fileInIt) {
        try {
            return Path.of(CorpusConformanceTest.class.getResource(fileInIt).toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> captureNames() throws IOException {
        return captureNames(corpusRoot());
    }

    static List<String> captureNames(Path root) throws IOException {
        Path expected = root.resolve("expected");
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
        Stream<DynamicTest> perCapture = Stream.concat(
                conformanceTests(corpusRoot(), "", seen),
                conformanceTests(projectFixturesRoot(), "samples/", seen));
        DynamicTest noStaleDifferences = DynamicTest.dynamicTest("every known difference still occurs", () -> {
            Set<KnownDifference> stale = EnumSet.allOf(KnownDifference.class);
            stale.removeAll(seen);
            assertThat(stale).as("known differences that no longer occur (remove them here and in "
                    + "docs/decoder-conformance.md)").isEmpty();
        });
        return Stream.concat(perCapture, Stream.of(noStaleDifferences));
    }

    private static Stream<DynamicTest> conformanceTests(Path root, String prefix, Set<KnownDifference> seen)
            throws IOException {
        return captureNames(root).stream().map(name -> DynamicTest.dynamicTest(prefix + name, () -> {
            WiresharkTruth truth = WiresharkTruth.read(root.resolve("expected").resolve(name + ".tsv"));
            ConformanceComparator.Result result = ConformanceComparator.compare(prefix + name, root.resolve(name), truth);
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
    }

    @TestFactory
    Stream<DynamicTest> theCorpusIsComplete() throws IOException {
        // Guards against a silently empty test: all 33 captures of SOURCES.md and the 14 project samples,
        // each with its truth.
        List<String> names = captureNames();
        List<String> samples = captureNames(projectFixturesRoot());
        return Stream.of(
                DynamicTest.dynamicTest("33 expectation files", () -> assertThat(names).hasSize(33)),
                DynamicTest.dynamicTest("a capture for every expectation", () -> assertThat(names)
                        .allSatisfy(name -> assertThat(corpusRoot().resolve(name)).isRegularFile())),
                DynamicTest.dynamicTest("14 project samples, the seed trace among them", () -> assertThat(samples)
                        .hasSize(14).contains("quickvpn-seed.pcap")
                        .allSatisfy(name -> assertThat(projectFixturesRoot().resolve(name)).isRegularFile())));
    }
}
