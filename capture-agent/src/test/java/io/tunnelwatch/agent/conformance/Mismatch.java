package io.tunnelwatch.agent.conformance;

/** One field of one frame where the decoder and Wireshark disagree. */
record Mismatch(String file, int frame, String field, String wireshark, String decoder) {
    @Override
    public String toString() {
        return file + " frame " + frame + " " + field + ": wireshark=[" + wireshark + "] decoder=[" + decoder + "]";
    }
}
