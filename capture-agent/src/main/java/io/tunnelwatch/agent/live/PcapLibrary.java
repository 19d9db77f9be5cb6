package io.tunnelwatch.agent.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Points pcap4j at the system's libpcap before its first use. pcap4j asks JNA for "pcap", which
 * needs the unversioned {@code libpcap.so} that only the -dev package installs; Debian's runtime
 * package has {@code libpcap.so.0.8} alone. pcap4j reads the library name from a system property once,
 * when its native mappings load, so this must run before any pcap4j class is touched.
 */
public final class PcapLibrary {
    public static final String LIBRARY_PROPERTY = "org.pcap4j.core.pcapLibName";
    private static final List<String> NAMES = List.of("libpcap.so", "libpcap.so.1", "libpcap.so.0.8");
    private static final List<String> DIRECTORIES = List.of(
            "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu",
            "/usr/lib64", "/lib64", "/usr/lib", "/lib", "/usr/local/lib");

    private PcapLibrary() {}

    /**
     * Sets the property to the first of libpcap.so, libpcap.so.1, libpcap.so.0.8 found, unless the user set
     * it already. Returns the library pcap4j will load, or empty when none is installed.
     */
    public static synchronized Optional<String> configure() {
        String chosen = System.getProperty(LIBRARY_PROPERTY);
        if (chosen != null) {
            return Optional.of(chosen);
        }
        Optional<Path> found = find();
        found.ifPresent(path -> System.setProperty(LIBRARY_PROPERTY, path.toString()));
        return found.map(Path::toString);
    }

    static Optional<Path> find() {
        for (String name : NAMES) {
            for (String directory : DIRECTORIES) {
                Path candidate = Path.of(directory, name);
                if (Files.isReadable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
