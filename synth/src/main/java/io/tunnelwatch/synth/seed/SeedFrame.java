package io.tunnelwatch.synth.seed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the seed's Wireshark frame list (quickvpn-trace.tsv): frame number, time relative to the first frame
 * of the original capture, source, destination, protocol column and info column.
 */
public record SeedFrame(int number, long relativeMicros, String source, String destination, String protocol,
                        String info) {

    public static final String RESOURCE = "/io/tunnelwatch/synth/seed/quickvpn-trace.tsv";

    public static List<SeedFrame> load() {
        try (InputStream in = SeedFrame.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("seed frame list missing from the classpath: " + RESOURCE);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<SeedFrame> parse(BufferedReader reader) throws IOException {
        List<SeedFrame> frames = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            if (columns.length != 6) {
                throw new IllegalArgumentException("expected 6 tab-separated columns: " + line);
            }
            // Times have six decimals: exact microseconds, so parse as decimal, never as a double.
            long micros = new BigDecimal(columns[1]).movePointRight(6).longValueExact();
            frames.add(new SeedFrame(Integer.parseInt(columns[0]), micros, columns[2], columns[3], columns[4],
                columns[5]));
        }
        return frames;
    }
}
