package dev.latm.model.spec;

import dev.latm.proto.v1.Architecture;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every architecture latm knows by name: the {@link Presets}, then the {@link DesignVariants} of
 * MobileNetV3-Large (whose baseline is the preset itself). What a {@code --preset NAME} resolves.
 */
public final class NamedArchitectures {
    private NamedArchitectures() {
    }

    /** The presets, then the design variants that are not presets. */
    public static List<String> names() {
        Set<String> names = new LinkedHashSet<>(Presets.names());
        names.addAll(DesignVariants.names());
        return List.copyOf(names);
    }

    /**
     * The architecture called {@code name}, at the width multiplier for a preset; a design variant is
     * defined at width 1 only (its changes name channel counts of the full-width network).
     *
     * @throws IllegalArgumentException naming every known name when {@code name} is none of them, or when a
     *                                  variant is asked at another width
     */
    public static Architecture get(String name, double widthMultiplier) {
        if (Presets.names().contains(name)) {
            return Presets.get(name, widthMultiplier);
        }
        if (!DesignVariants.names().contains(name)) {
            throw new IllegalArgumentException("unknown preset '" + name + "': must be one of "
                    + String.join(", ", names()));
        }
        if (widthMultiplier != 1.0) {
            throw new IllegalArgumentException("the design variant " + name + " is defined at width 1 only (got a "
                    + "width multiplier of " + widthMultiplier + ")");
        }
        return DesignVariants.get(name);
    }
}
