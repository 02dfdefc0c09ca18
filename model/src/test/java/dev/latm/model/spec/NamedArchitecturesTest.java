package dev.latm.model.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamedArchitecturesTest {

    @Test
    void presetsThenTheDesignVariantsEachResolvedByName() {
        List<String> expected = new ArrayList<>(Presets.names());
        expected.addAll(List.of(DesignVariants.SWISH, DesignVariants.RELU, DesignVariants.ORIGINAL_LAST_STAGE,
                DesignVariants.RELU_STEM_32));
        assertEquals(expected, NamedArchitectures.names());
        for (String name : NamedArchitectures.names()) {
            assertEquals(name, NamedArchitectures.get(name, 1.0).getName());
        }
        assertEquals(DesignVariants.get(DesignVariants.SWISH), NamedArchitectures.get(DesignVariants.SWISH, 1.0));
        assertEquals(Presets.get("mnasnet_b1", 0.5), NamedArchitectures.get("mnasnet_b1", 0.5));
    }

    @Test
    void anUnknownNameListsEveryNameAndAVariantHasNoOtherWidth() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> NamedArchitectures.get("resnet", 1.0));
        assertEquals("unknown preset 'resnet': must be one of " + String.join(", ", NamedArchitectures.names()),
                unknown.getMessage());
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> NamedArchitectures.get(DesignVariants.RELU, 0.75));
        assertEquals("the design variant mobilenet_v3_large_relu is defined at width 1 only (got a width "
                + "multiplier of 0.75)", width.getMessage());
    }
}
