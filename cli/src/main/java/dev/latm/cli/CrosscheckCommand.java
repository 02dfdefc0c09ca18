package dev.latm.cli;

import com.google.gson.JsonObject;
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.runtime.Engine;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.OutputDifference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latm crosscheck}: do two engines compute the same function? */
@Command(name = "crosscheck", mixinStandardHelpOptions = true,
        description = {"Run two engines on the same input with the same seeded weights and print the largest "
                + "absolute and relative difference of their outputs. The relative difference is taken against "
                + "the output scale (the largest |logit| of either); agreement within "
                + OutputDifference.TOLERANCE + " is a pass (exit 0), more is a failure (exit 1)."})
final class CrosscheckCommand implements Callable<Integer> {
    @Mixin
    ArchitectureOptions architecture;

    @Option(names = "--engines", paramLabel = "A,B", defaultValue = "onnxruntime,java", split = ",",
            description = "The two engines to compare (default: ${DEFAULT-VALUE}).")
    String[] engineNames;

    @Option(names = "--resolution", paramLabel = "N", defaultValue = "0", description = "Input resolution.")
    int resolution;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "0", description = "Batch size.")
    int batch;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Intra-op threads of both.")
    int threads;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + EngineOptions.DEFAULT_SEED,
            description = "Seed of the weights and input (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    TableOrJsonOption format;

    @Override
    public Integer call() {
        format.check();
        if (engineNames.length != 2) {
            throw new IllegalArgumentException("--engines takes exactly two engines, e.g. onnxruntime,java");
        }
        CompiledArchitecture compiled = CompiledArchitecture.compile(architecture.architecture(), Limits.DEFAULT,
                resolution, batch);
        EngineOptions options = EngineOptions.DEFAULT.withThreads(threads).withSeed(seed);
        OutputDifference difference = OutputDifference.of(engine(engineNames[0]), engine(engineNames[1]), compiled,
                options);
        format.print(() -> {
            JsonObject json = new JsonObject();
            json.addProperty("architecture_id", compiled.id());
            json.addProperty("engines", String.join(",", engineNames));
            json.addProperty("outputs", difference.outputs());
            json.addProperty("max_abs_diff", difference.maxAbs());
            json.addProperty("max_rel_diff", difference.relative());
            json.addProperty("output_scale", difference.scale());
            json.addProperty("agrees", difference.agrees());
            return Json.pretty(json);
        }, out -> {
            out.printf("%s vs %s on %s (%d outputs, scale %.4g)%n", engineNames[0], engineNames[1], compiled.id(),
                    difference.outputs(), difference.scale());
            out.printf("max abs diff %.3e   max rel diff %.3e   %s (tolerance %.0e)%n", difference.maxAbs(),
                    difference.relative(), difference.agrees() ? "AGREE" : "DISAGREE", OutputDifference.TOLERANCE);
        });
        return difference.agrees() ? 0 : 1;
    }

    private static Engine engine(String name) {
        return EngineRegistry.standard().get(name);
    }
}
