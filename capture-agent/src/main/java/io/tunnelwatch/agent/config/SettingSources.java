package io.tunnelwatch.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a setting comes from, in order of precedence: a command-line flag, then an environment
 * variable {@code TUNNELWATCH_NAME}, then the properties file key {@code tunnelwatch.name}, then the
 * built-in default. Each value remembers its origin so an error can say which one to fix.
 */
public final class SettingSources {
    /** Keys with this prefix in the properties file are agent settings; every other key goes to the Kafka producer. */
    public static final String FILE_PREFIX = "tunnelwatch.";
    public static final String ENV_PREFIX = "TUNNELWATCH_";

    /** A resolved value and where it came from ("--topic", "TUNNELWATCH_TOPIC", "tunnelwatch.topic in FILE"). */
    public record Setting(String value, String origin) {}

    private final Map<String, String> environment;
    private final Properties file;
    private final String fileName;

    public SettingSources(Map<String, String> environment, Properties file, String fileName) {
        this.environment = Map.copyOf(environment);
        this.file = (Properties) file.clone();
        this.fileName = fileName;
    }

    /** Reads a properties file (UTF-8); a missing or unreadable file is a {@link ConfigException}. */
    public static Properties readPropertiesFile(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException("cannot read configuration file " + path + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigException("cannot read configuration file " + path + ": permission denied");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read configuration file " + path + ": " + e.getMessage());
        }
        return properties;
    }

    /** The environment variable that sets {@code name} ("agent.id" → TUNNELWATCH_AGENT_ID). */
    public static String environmentName(String name) {
        return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The flag's value if given, else the environment, else the file; empty when none sets it. */
    public Optional<Setting> lookup(String name, String flagName, String flagValue) {
        if (flagValue != null) {
            return Optional.of(new Setting(flagValue, flagName));
        }
        String envName = environmentName(name);
        String fromEnvironment = environment.get(envName);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(new Setting(fromEnvironment, envName));
        }
        String fromFile = file.getProperty(FILE_PREFIX + name);
        if (fromFile != null) {
            return Optional.of(new Setting(fromFile.strip(), FILE_PREFIX + name + " in " + fileName));
        }
        return Optional.empty();
    }

    public Setting resolve(String name, String flagName, String flagValue, String defaultValue) {
        return lookup(name, flagName, flagValue).orElse(new Setting(defaultValue, "default"));
    }

    /** The file's properties that are not agent settings: they configure the Kafka producer as they are. */
    public Map<String, String> kafkaProperties() {
        Map<String, String> kafka = new java.util.TreeMap<>();
        for (String key : file.stringPropertyNames()) {
            if (!key.startsWith(FILE_PREFIX)) {
                kafka.put(key, file.getProperty(key).strip());
            }
        }
        return kafka;
    }

    public String fileName() {
        return fileName;
    }
}
