package io.tunnelwatch.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.agent.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDigestsTest {
    private static final Path ESP_SAMPLE = Path.of("..", "samples", "esp-one-way.pcap");
    private static final Path IKE_SAMPLE = Path.of("..", "samples", "ike-no-response.pcap");

    @Test
    void shouldHashEveryFileInTheBackgroundAsAWholeFileDigestWould() throws Exception {
        try (FileDigests digests = FileDigests.start(List.of(ESP_SAMPLE, IKE_SAMPLE))) {
            assertThat(digests.of(0).join()).isEqualTo(reference(ESP_SAMPLE));
            assertThat(digests.of(1).join()).isEqualTo(reference(IKE_SAMPLE));
            assertThat(digests.anyFailed()).isFalse();
            assertThat(digests.failure()).isNull();
        }
    }

    @Test
    void shouldReportAnUnreadableFileAsAConfigurationErrorAndStillHashTheOthers(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("gone.pcap");
        try (FileDigests digests = FileDigests.start(List.of(missing, ESP_SAMPLE))) {
            assertThat(digests.of(1).join()).isEqualTo(reference(ESP_SAMPLE));
            assertThat(digests.of(0)).isCompletedExceptionally();
            assertThat(digests.anyFailed()).isTrue();
            assertThat(digests.failure()).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("cannot read capture file").hasMessageContaining("gone.pcap");
        }
    }

    @Test
    void shouldHashAnEmptyFileAndOneLargerThanTheReadChunk(@TempDir Path dir) throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.pcap"));
        Path large = dir.resolve("large.pcap");
        byte[] bytes = new byte[(3 << 20) + 17];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 11));
        }
        Files.write(large, bytes);
        try (FileDigests digests = FileDigests.start(List.of(empty, large))) {
            assertThat(digests.of(0).join()).isEqualTo(reference(empty));
            assertThat(digests.of(1).join()).isEqualTo(reference(large));
        }
    }

    private static String reference(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
