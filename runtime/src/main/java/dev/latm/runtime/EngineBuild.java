package dev.latm.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What the Maven build recorded about the engines' code (runtime/pom.xml writes
 * {@code engine-build.properties}): latm's version and a SHA-256 of each engine's sources. Engines
 * build their {@link Engine#version()} from it, so that a stored result never outlives the code that
 * measured it: any change to an engine's sources is a new version, and the result store a miss.
 */
public final class EngineBuild {
    private static final String RESOURCE = "engine-build.properties";
    /** Hex digits of the source hash kept in a version: 48 bits, no accidental collisions. */
    private static final int HASH_DIGITS = 12;
    private static final Properties RECORDED = load();

    private EngineBuild() {
    }

    /**
     * {@code runtimeVersion + "+" + the first 12 hex digits of the hash of engine {@code name}'s sources},
     * e.g. {@code 0.1.0+bffda47c0dff}.
     *
     * @throws EngineException when this build did not record the engine's code (not built by Maven):
     *                         without it no result of the engine could be told apart from an older one
     */
    public static String version(String runtimeVersion, String name) {
        return runtimeVersion + "+" + codeHash(name).substring(0, HASH_DIGITS);
    }

    /** latm's own version, as the build recorded it. */
    public static String latmVersion() {
        return recorded("latm.version");
    }

    static String codeHash(String name) {
        return recorded("code." + name);
    }

    private static String recorded(String key) {
        String value = RECORDED.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new EngineException("this build of latm did not record " + key + " in " + RESOURCE
                    + " (build it with Maven: mvn -B package)");
        }
        return value.strip();
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = EngineBuild.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // unreadable is the same as absent: recorded() says what is missing
        }
        return properties;
    }
}
