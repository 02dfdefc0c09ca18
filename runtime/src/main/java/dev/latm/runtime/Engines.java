package dev.latm.runtime;

import dev.latm.runtime.jvm.JavaEngine;
import dev.latm.runtime.onnx.OnnxRuntimeEngine;
import java.util.Collection;
import java.util.List;

/** The engines latm ships, in order of preference: the first is the default. */
public final class Engines {
    private Engines() {
    }

    public static List<Engine> all() {
        return List.of(OnnxRuntimeEngine.create(), new JavaEngine());
    }

    /**
     * The names of the engines among {@code engines} that run {@code dtype}, in the given order: what
     * a refusal names, e.g. "INT8 runs on: onnxruntime".
     */
    public static List<String> supporting(Collection<? extends Engine> engines, Dtype dtype) {
        return engines.stream().filter(engine -> engine.dtypes().contains(dtype)).map(Engine::name).toList();
    }
}
