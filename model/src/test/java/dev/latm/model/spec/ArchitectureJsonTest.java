package dev.latm.model.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.proto.v1.Architecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ArchitectureJsonTest {

    static Iterable<String> presets() {
        return Presets.names();
    }

    @ParameterizedTest
    @MethodSource("presets")
    void roundTripsEveryPreset(String name) {
        Architecture preset = Presets.get(name);
        String json = ArchitectureJson.print(preset);
        assertEquals(preset, ArchitectureJson.parse(json));
    }

    @Test
    void writesProtoFieldNamesAndReadsBothSpellings() {
        String json = ArchitectureJson.print(Presets.get("mobilenet_v3_small"));
        assertTrue(json.contains("\"out_channels\""), json);
        Architecture camel = ArchitectureJson.parse("{\"stem\": {\"outChannels\": 16}}");
        assertEquals(16, camel.getStem().getOutChannels());
    }

    @Test
    void unknownFieldsAreErrorsNotSilence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArchitectureJson.parse("{\"stem\": {\"out_chanels\": 16}}"));
        assertTrue(e.getMessage().contains("out_chanels"), e.getMessage());
    }

    @Test
    void unknownEnumNamesAreErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArchitectureJson.parse("{\"stem\": {\"activation\": \"GELU\"}}"));
        assertTrue(e.getMessage().contains("GELU"), e.getMessage());
    }
}
