package dev.latm.runtime;

import dev.latm.runtime.jvm.JavaEngine;
import dev.latm.runtime.onnx.OnnxRuntimeEngine;
import java.util.List;

/** The engines latm ships, in order of preference: the first is the default. */
public final class Engines {
    private Engines() {
    }

    public static List<Engine> all() {
        return List.of(OnnxRuntimeEngine.create(), new JavaEngine());
    }
}
