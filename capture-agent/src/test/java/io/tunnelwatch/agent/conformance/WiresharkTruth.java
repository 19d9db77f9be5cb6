package io.tunnelwatch.agent.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One TSV made by wireshark-truth.sh: TShark's fields per frame, keyed by frame number. Values are the raw
 * TSV text (multi-valued fields comma-separated, see SOURCES.md "How to read the TSVs"); absent is "".
 */
record WiresharkTruth(Map<Integer, Map<String, String>> rowsByFrame) {

    static WiresharkTruth read(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split("\t", -1);
        Map<Integer, Map<String, String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty()) {
                continue;
            }
            String[] values = line.split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < values.length ? values[i] : "");
            }
            rows.put(Integer.parseInt(row.get("frame.number")), row);
        }
        return new WiresharkTruth(rows);
    }

    /** The first value of a multi-valued field (the outermost header's), or "". */
    static String first(Map<String, String> row, String field) {
        String value = row.getOrDefault(field, "");
        int comma = value.indexOf(',');
        return comma < 0 ? value : value.substring(0, comma);
    }
}
