package dev.latm.cli;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.runtime.Dtype;
import dev.latm.runtime.EngineOptions;
import dev.latm.server.measure.MeasurementOption;
import dev.latm.server.measure.WireDtypes;
import dev.latm.runtime.onnx.OnnxExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latm export}: the network as an ONNX file other runtimes load. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the network as an ONNX model (IR 8, opset 17, inference form with BatchNorm folded, "
                + "seeded random weights, float32 or int8 QDQ) that onnx.checker accepts and other runtimes load.")
final class ExportCommand implements Callable<Integer> {

    @Mixin
    ArchitectureOptions architecture;

    @Option(names = "--out", paramLabel = "FILE.onnx", required = true, description = "Where to write the model.")
    Path out;

    @Option(names = "--resolution", paramLabel = "N", defaultValue = "0",
            description = "Input resolution (default: the architecture's, 224).")
    int resolution;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "0",
            description = "Batch size of the input (default: the architecture's, 1).")
    int batch;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + EngineOptions.DEFAULT_SEED,
            description = "Seed of the weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dtype", paramLabel = "FORMAT", defaultValue = "float32", converter = DtypeConverter.class,
            description = "float32, or int8: the QDQ model the onnxruntime engine measures, calibrated here on inputs "
                    + "from --seed (its int8 weight range follows this machine's CPU) (default: ${DEFAULT-VALUE}).")
    Dtype dtype;

    @Spec
    CommandSpec spec;

    /** {@code int8} or {@code INT8}, as {@code --dtype} of the measuring commands takes it. */
    static final class DtypeConverter implements CommandLine.ITypeConverter<Dtype> {
        @Override
        public Dtype convert(String text) {
            return WireDtypes.of(dev.latm.proto.v1.Dtype.valueOf(MeasurementFlags.enumValue(
                    MeasurementOption.DTYPE.field(), text)));
        }
    }

    @Override
    public Integer call() throws IOException {
        CompiledArchitecture compiled = CompiledArchitecture.compile(architecture.architecture(), Limits.DEFAULT,
                resolution, batch);
        Path folder = out.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            // checked first: the model may take seconds and hundreds of megabytes to make
            throw new IllegalArgumentException("--out " + out + ": the folder " + folder + " does not exist");
        }
        OnnxExport.write(compiled, seed, dtype, out);
        spec.commandLine().getOut().printf("wrote %s (%s, %s, %,d parameters, input %dx%dx%dx%d)%n", out,
                compiled.id(), dtype.label(), compiled.cost().params(), compiled.spec().batch(),
                compiled.spec().inputChannels(),
                compiled.spec().resolution(), compiled.spec().resolution());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
