package dev.latm.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.ir.LayerCost;
import dev.latm.model.ir.NetworkCost;
import dev.latm.model.ir.Shape;
import dev.latm.model.spec.Limits;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latm analyze}: validation and static cost, nothing executed. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Validate an architecture and print its static cost: multiply-adds, parameters "
                + "(inference form with BatchNorm folded, and training form as torchvision counts them), peak "
                + "activation memory and a per-layer table. Nothing is executed."})
final class AnalyzeCommand implements Callable<Integer> {

    @Mixin
    ArchitectureOptions architecture;

    @Option(names = "--resolution", paramLabel = "N", defaultValue = "0",
            description = "Input height and width in pixels (default: the architecture's own, 224 unless set).")
    int resolution;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "0",
            description = "Batch size (default: the architecture's own, 1 unless set). Costs are for the whole batch.")
    int batch;

    @Mixin
    TableOrJsonOption format;

    @Override
    public Integer call() {
        format.check();
        CompiledArchitecture compiled = CompiledArchitecture.compile(architecture.architecture(), Limits.DEFAULT,
                resolution, batch);
        format.print(() -> Json.pretty(toJson(compiled)), out -> printTable(compiled, out));
        return 0;
    }

    static JsonObject toJson(CompiledArchitecture compiled) {
        NetworkCost cost = compiled.cost();
        JsonObject json = new JsonObject();
        json.addProperty("name", compiled.spec().name());
        json.addProperty("architecture_id", compiled.id());
        json.addProperty("resolution", compiled.spec().resolution());
        json.addProperty("batch", compiled.spec().batch());
        json.addProperty("macs", cost.macs());
        json.addProperty("params", cost.params());
        json.addProperty("params_training", cost.trainingParams());
        json.addProperty("peak_activation_bytes", cost.peakActivationBytes());
        JsonArray layers = new JsonArray();
        for (LayerCost layer : cost.layers()) {
            JsonObject row = new JsonObject();
            row.addProperty("name", layer.name());
            row.addProperty("op", layer.op());
            row.addProperty("kernel", layer.kernel());
            row.addProperty("stride", layer.stride());
            row.add("input_shape", Json.shape(layer.inputShape()));
            row.add("output_shape", Json.shape(layer.outputShape()));
            row.addProperty("macs", layer.macs());
            row.addProperty("params", layer.params());
            row.addProperty("params_training", layer.trainingParams());
            layers.add(row);
        }
        json.add("layers", layers);
        return json;
    }

    private static void printTable(CompiledArchitecture compiled, PrintWriter out) {
        NetworkCost cost = compiled.cost();
        String format = "%-32s %-14s %6s %6s %-20s %-20s %14s %10s%n";
        out.printf(format, "layer", "op", "kernel", "stride", "input", "output", "MACs", "params");
        for (LayerCost layer : cost.layers()) {
            out.printf(format, layer.name(), layer.op(), layer.kernel() == 0 ? "-" : layer.kernel(), layer.stride(),
                    shape(layer.inputShape()), shape(layer.outputShape()), String.format("%,d", layer.macs()),
                    String.format("%,d", layer.params()));
        }
        out.println();
        out.printf("architecture      %s (id %s)%n", compiled.spec().name().isEmpty() ? "(unnamed)"
                : compiled.spec().name(), compiled.id());
        out.printf("input             %dx%dx%d, batch %d%n", compiled.spec().inputChannels(),
                compiled.spec().resolution(), compiled.spec().resolution(), compiled.spec().batch());
        out.printf("MACs              %,d (%.1fM)%n", cost.macs(), cost.macs() / 1e6);
        out.printf("params            %,d inference form (BatchNorm folded)%n", cost.params());
        out.printf("params_training   %,d training form (BatchNorm weight + bias)%n", cost.trainingParams());
        out.printf("peak activations  %,d bytes (%.1f MiB)%n", cost.peakActivationBytes(),
                cost.peakActivationBytes() / 1048576.0);
    }

    private static String shape(Shape shape) {
        return shape.batch() + "x" + shape.channels() + "x" + shape.height() + "x" + shape.width();
    }
}
