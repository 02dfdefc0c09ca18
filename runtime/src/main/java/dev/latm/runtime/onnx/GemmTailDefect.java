package dev.latm.runtime.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.latm.proto.onnx.ModelProto;
import dev.latm.runtime.EngineException;
import dev.latm.runtime.EngineOptions;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

import static dev.latm.runtime.onnx.OnnxGraphBuilder.intsAttribute;

/**
 * A defect of ONNX Runtime 1.23's int8 GEMM on CPUs with AMX (onnxruntime issue 26324, fixed by
 * pull request 27671, "corrects the AMX U8S8 32-row kernel path"): when the output channels N of
 * a GEMM have {@code N mod 32} in 17..31, every 32nd output row gets wrong values in its channels
 * past the 16th, unless both N and the reduction length K are multiples of 4. A QLinearConv is such
 * a GEMM (rows are output pixels), so a network with, say, 29 channels gets a few garbage pixels
 * per layer: measured here, a random architecture's int8 logits fell to cosine 0.89 against float.
 *
 * <p>Found, not assumed: {@link #probe} runs one affected convolution fused and unfused, and only
 * where the two disagree does {@link #affects} send such layers to float. A fixed ONNX Runtime, or
 * a CPU without AMX, probes clean and keeps every layer int8.
 *
 * @param present whether this process's ONNX Runtime has the defect on this CPU
 */
record GemmTailDefect(boolean present) {
    /** No defect: every layer stays int8. */
    static final GemmTailDefect ABSENT = new GemmTailDefect(false);

    private static final int PROBE_CHANNELS_IN = 8;
    private static final int PROBE_CHANNELS_OUT = 17;
    /** 8 x 8 output pixels: two 32-row blocks, so row 31 and row 63 fall in the defect's place. */
    private static final int PROBE_SIZE = 8;

    /** This process's answer: one ONNX Runtime library per process, so one probe. */
    private static GemmTailDefect probed;

    /**
     * True when a GEMM of {@code n} output channels, reduction length {@code k} and {@code m} rows
     * would compute wrong values here.
     */
    boolean affects(long n, long k, long m) {
        long tail = n % 32;
        return present && m >= 32 && tail > 16 && (n % 4 != 0 || k % 4 != 0);
    }

    /** {@link #probe}, run once per process and remembered. */
    static synchronized GemmTailDefect probeOnce(OrtEnvironment environment) {
        if (probed == null) {
            probed = probe(environment);
        }
        return probed;
    }

    /**
     * Runs the probe convolution ({@value #PROBE_CHANNELS_IN} to {@value #PROBE_CHANNELS_OUT}
     * channels over {@value #PROBE_SIZE} x {@value #PROBE_SIZE} pixels) with ONNX Runtime's QDQ
     * fusion on and off; the defect is present when any output differs by more than one
     * quantisation step (rounding alone differs by at most one).
     *
     * @throws EngineException when ONNX Runtime cannot run the probe
     */
    static GemmTailDefect probe(OrtEnvironment environment) {
        byte[] model = probeModel().toByteArray();
        float[] input = new float[PROBE_CHANNELS_IN * PROBE_SIZE * PROBE_SIZE];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) Math.sin(i * 0.37); // in [-1, 1], varied across channels and pixels
        }
        float[] fused = run(environment, model, input, true);
        float[] reference = run(environment, model, input, false);
        float step = probeOutputScale();
        for (int i = 0; i < fused.length; i++) {
            if (Math.abs(fused[i] - reference[i]) > 1.5f * step) {
                return new GemmTailDefect(true);
            }
        }
        return ABSENT;
    }

    private static float[] run(OrtEnvironment environment, byte[] model, float[] input, boolean fuse) {
        EngineOptions options = new EngineOptions(1, EngineOptions.GraphOptimization.ALL, false,
                EngineOptions.DEFAULT_SEED);
        long[] dims = {1, PROBE_CHANNELS_IN, PROBE_SIZE, PROBE_SIZE};
        try (SessionOptions sessionOptions = OrtSessionOptions.create(options)) {
            if (!fuse) {
                // ORT's switch for keeping Q/DQ nodes as they are: the float reference of the same model
                sessionOptions.addConfigEntry("session.disable_quant_qdq", "1");
            }
            try (OrtSession session = environment.createSession(model, sessionOptions);
                 OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input), dims);
                 OrtSession.Result result = session.run(Map.of("x", tensor))) {
                FloatBuffer output = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] values = new float[output.remaining()];
                output.get(values);
                return values;
            }
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime could not run the int8 GEMM probe: " + e.getMessage(), e);
        }
    }

    private static float probeOutputScale() {
        return 8f / ActivationQuantization.QMAX; // |y| <= 8 inputs x 1 x 63/127 < 4: [-4, 4] never saturates
    }

    /** x -> Q -> DQ -> Conv 1 x 1 (int8 weights via DQ) -> Q -> DQ -> y. */
    private static ModelProto probeModel() {
        OnnxGraphBuilder graph = new OnnxGraphBuilder();
        graph.input("x", 1, PROBE_CHANNELS_IN, PROBE_SIZE, PROBE_SIZE);
        graph.initializer("x/scale", new float[] {2f / ActivationQuantization.QMAX});
        graph.byteInitializer("x/zero_point", OnnxGraphBuilder.UINT8, new byte[] {(byte) 128});
        graph.node("x/quantize", "QuantizeLinear", List.of("x", "x/scale", "x/zero_point"), "x/quantized");
        graph.node("x/dequantize", "DequantizeLinear", List.of("x/quantized", "x/scale", "x/zero_point"), "x/float");
        byte[] weights = new byte[PROBE_CHANNELS_OUT * PROBE_CHANNELS_IN];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (byte) ((i * 37) % 127 - 63);
        }
        graph.byteInitializer("w/quantized", OnnxGraphBuilder.INT8, weights, PROBE_CHANNELS_OUT, PROBE_CHANNELS_IN,
                1, 1);
        graph.initializer("w/scale", new float[] {1f / 127});
        graph.byteInitializer("w/zero_point", OnnxGraphBuilder.INT8, new byte[] {0});
        graph.node("w/dequantize", "DequantizeLinear", List.of("w/quantized", "w/scale", "w/zero_point"), "w");
        graph.node("conv", "Conv", List.of("x/float", "w"), "y/raw", intsAttribute("kernel_shape", 1, 1));
        graph.initializer("y/scale", new float[] {probeOutputScale()});
        graph.byteInitializer("y/zero_point", OnnxGraphBuilder.UINT8, new byte[] {(byte) 128});
        graph.node("y/quantize", "QuantizeLinear", List.of("y/raw", "y/scale", "y/zero_point"), "y/quantized");
        graph.node("y/dequantize", "DequantizeLinear", List.of("y/quantized", "y/scale", "y/zero_point"), "y");
        graph.output("y", 1, PROBE_CHANNELS_OUT, PROBE_SIZE, PROBE_SIZE);
        return OnnxLowering.model(graph.build("gemm-tail-probe"));
    }
}
