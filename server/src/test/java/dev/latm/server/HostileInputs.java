package dev.latm.server;

import com.google.protobuf.Message;
import dev.latm.proto.v1.AnalyzeRequest;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.Block;
import dev.latm.proto.v1.ConvOp;
import dev.latm.proto.v1.ExportRequest;
import dev.latm.proto.v1.GetDeviceInfoRequest;
import dev.latm.proto.v1.Head;
import dev.latm.proto.v1.Input;
import dev.latm.proto.v1.LatencyServiceGrpc;
import dev.latm.proto.v1.MeasureBatchRequest;
import dev.latm.proto.v1.MeasureRequest;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.SqueezeExcite;
import dev.latm.proto.v1.Stage;
import dev.latm.proto.v1.Stem;
import io.grpc.MethodDescriptor.MethodType;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The hostile probe's classes of input, generated from a seed: architectures mutated towards hostile
 * sizes, derived widths past the limits, names no log should print, enum values out of range, broken
 * overrides and options; raw payloads that are garbage, truncated or bit-flipped requests; huge
 * repeated fields. The same seed gives the same cases, in the same order.
 */
final class HostileInputs {
    /** One call: the method, and the bytes to send as its request. */
    record Case(String method, MethodType type, String kind, byte[] payload) {
        String describe() {
            return kind + " -> " + method + ", " + payload.length + " bytes: "
                    + java.util.HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 64))
                    + (payload.length > 64 ? "..." : "");
        }
    }

    private static final int[] HOSTILE_INTS = {0, -1, 1, 2, 7, 8, 33, 4095, 4096, 4097, 65_536, 1 << 20,
        Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final double[] HOSTILE_DOUBLES = {0, -1, 0.5, 1, 6, 10, 10.000001, 1e308, 1e-300, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0};
    private static final String[] HOSTILE_NAMES = {"", "ok-name_1.0", "n".repeat(256), "n".repeat(257),
        "line\n12:00:00 INFO forged", "nul\0byte", "\u202Ereversed", "x\uD800", "\u0007bell", "tab\there",
        "\u00e9\u4e2d\ud83d\ude80", "x".repeat(100_000)};
    private static final String[] ENGINES = {"", "onnxruntime", "java", "tflite", "ONNXRUNTIME", "\0",
        "e".repeat(1 << 20), "\u4e2d\u00e9".repeat(50_000)};

    private final SplittableRandom random;

    HostileInputs(long seed) {
        this.random = new SplittableRandom(seed);
    }

    Case next() {
        int roll = random.nextInt(100);
        if (roll < 60) {
            return new Case("Analyze", MethodType.UNARY, "mutated architecture", analyze().toByteArray());
        }
        if (roll < 88) {
            return raw();
        }
        if (roll < 94) {
            return new Case("Measure", MethodType.UNARY, "measure", MeasureRequest.newBuilder()
                    .setArchitecture(mutated()).setOptions(options()).build().toByteArray());
        }
        if (roll < 96) {
            return new Case("Export", MethodType.UNARY, "export", ExportRequest.newBuilder()
                    .setArchitecture(mutated()).setResolution(pick(32, 64, 0, -5)).build().toByteArray());
        }
        if (roll < 98) {
            return new Case("MeasureBatch", MethodType.SERVER_STREAMING, "batch", batch().toByteArray());
        }
        return huge();
    }

    /** A small valid network, cheap to measure: 32 to 64 px, 8 to 48 channels, one to three stages. */
    private Architecture base() {
        Architecture.Builder arch = Architecture.newBuilder().setName("fuzz")
                .setInput(Input.newBuilder().setResolution(pick(32, 48, 64)))
                .setStem(Stem.newBuilder().setOutChannels(8 * (1 + random.nextInt(4))))
                .setHead(Head.newBuilder().setConvChannels(random.nextBoolean() ? 0 : 64))
                .setNumClasses(10);
        for (int i = random.nextInt(1, 4); i > 0; i--) {
            Block.Builder block = Block.newBuilder().setOp(ConvOp.forNumber(1 + random.nextInt(3)))
                    .setKernelSize(pick(3, 5)).setStride(pick(1, 2)).setOutChannels(8 * (1 + random.nextInt(6)));
            if (block.getOp() == ConvOp.INVERTED_BOTTLENECK) {
                block.setExpandRatio(pick(1, 3, 6));
            }
            if (random.nextInt(3) == 0) {
                block.setSe(SqueezeExcite.newBuilder().setRatio(0.25));
            }
            arch.addStages(Stage.newBuilder().setRepeats(random.nextInt(1, 3)).setBlock(block));
        }
        return arch.build();
    }

    /** The base with one to three hostile changes (sometimes none: valid networks must pass too). */
    Architecture mutated() {
        Architecture.Builder arch = base().toBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
            mutate(arch);
        }
        return arch.build();
    }

    private void mutate(Architecture.Builder arch) {
        if (arch.getStagesCount() == 0) {
            arch.addStages(base().getStages(0)); // a network with no stages left gets one to break anew
        }
        Block.Builder block = arch.getStagesBuilder(random.nextInt(arch.getStagesCount())).getBlockBuilder();
        switch (random.nextInt(22)) {
            case 0 -> block.setOutChannels(hostileInt());
            case 1 -> block.setExpandRatio(hostileDouble());
            case 2 -> block.setExpandedChannels(hostileInt());
            case 3 -> block.setSe(SqueezeExcite.newBuilder().setRatio(hostileDouble()).setBaseValue(hostileInt())
                    .setRoundingValue(random.nextInt(-2, 5)).setGateValue(random.nextInt(-2, 5)));
            case 4 -> block.setOpValue(random.nextBoolean() ? hostileInt() : random.nextInt(-1, 6));
            case 5 -> block.setSkipValue(random.nextInt(-3, 6));
            case 6 -> block.setActivationValue(random.nextBoolean() ? hostileInt() : random.nextInt(-1, 7));
            case 7 -> block.setKernelSize(hostileInt());
            case 8 -> block.setStride(hostileInt());
            case 9 -> arch.getStagesBuilder(0).setRepeats(hostileInt());
            case 10 -> arch.setWidthMultiplier(hostileDouble());
            case 11 -> arch.getInputBuilder().setResolution(hostileInt());
            case 12 -> arch.getInputBuilder().setChannels(hostileInt()).setBatch(hostileInt());
            case 13 -> arch.getHeadBuilder().setConvChannels(hostileInt()).setHiddenChannels(hostileInt())
                    .setHiddenActivationValue(random.nextInt(-1, 7));
            case 14 -> arch.setNumClasses(hostileInt());
            case 15 -> arch.setName(HOSTILE_NAMES[random.nextInt(HOSTILE_NAMES.length)]);
            case 16 -> arch.getStemBuilder().setOutChannels(hostileInt()).setKernelSize(hostileInt())
                    .setStride(hostileInt()).setActivationValue(random.nextInt(-1, 7));
            case 17 -> {
                // derived widths: a wide stage expanded by the largest ratio, squeezed, projected by a pooling skip
                arch.addStages(Stage.newBuilder().setRepeats(2).setBlock(Block.newBuilder().setOp(ConvOp.CONV)
                        .setKernelSize(1).setStride(2).setOutChannels(pick(2048, 4096))));
                arch.addStages(Stage.newBuilder().setRepeats(2).setBlock(Block.newBuilder()
                        .setOp(ConvOp.INVERTED_BOTTLENECK).setKernelSize(3).setOutChannels(pick(8, 4096))
                        .setExpandRatio(pick(6, 10)).setSkipValue(2).setSe(SqueezeExcite.newBuilder().setRatio(1))));
            }
            case 18 -> arch.clearStem();
            case 19 -> arch.clearHead();
            case 20 -> arch.clearStages();
            default -> arch.getStagesBuilder(0).clearBlock();
        }
    }

    private AnalyzeRequest analyze() {
        AnalyzeRequest.Builder request = AnalyzeRequest.newBuilder().setArchitecture(mutated());
        if (random.nextInt(5) == 0) {
            request.setResolution(hostileInt()).setBatch(random.nextBoolean() ? 0 : hostileInt());
        }
        return request.build();
    }

    /** Cheap options, now and then one out of range or an engine that is not there. */
    private MeasurementOptions options() {
        MeasurementOptions.Builder options = MeasurementOptions.newBuilder().setResolution(32).setMinRuns(2)
                .setMaxRuns(5).setMaxSeconds(0.05).setWarmupRuns(1).setWarmupSeconds(0.001)
                .setEngine(random.nextInt(4) == 0 ? "java" : "onnxruntime");
        switch (random.nextInt(8)) {
            case 0 -> options.setMinRuns(hostileInt());
            case 1 -> options.setMaxRuns(hostileInt());
            case 2 -> options.setMaxSeconds(hostileDouble());
            case 3 -> options.setPrecision(hostileDouble());
            case 4 -> options.setEngine(ENGINES[random.nextInt(ENGINES.length)]);
            case 5 -> options.setThreads(random.nextBoolean() ? hostileInt() : 2).setBatch(hostileInt());
            case 6 -> options.setWarmupSeconds(hostileDouble()).setResolution(hostileInt());
            default -> { }
        }
        return options.build();
    }

    private MeasureBatchRequest batch() {
        MeasureBatchRequest.Builder batch = MeasureBatchRequest.newBuilder().setOptions(options());
        for (int i = random.nextInt(1, 4); i > 0; i--) {
            batch.addArchitectures(mutated());
        }
        return batch.build();
    }

    /** Bytes that are not the method's message, or are one cut short or with bits flipped. */
    private Case raw() {
        String[] methods = {"Analyze", "Measure", "Export", "GetDeviceInfo", "MeasureBatch"};
        String method = methods[random.nextInt(methods.length)];
        Message valid = switch (method) {
            case "Analyze" -> analyze();
            case "Measure" -> MeasureRequest.newBuilder().setArchitecture(base()).setOptions(options()).build();
            case "Export" -> ExportRequest.newBuilder().setArchitecture(base()).build();
            case "GetDeviceInfo" -> GetDeviceInfoRequest.getDefaultInstance();
            default -> batch();
        };
        byte[] bytes = valid.toByteArray();
        String kind;
        switch (random.nextInt(5)) {
            case 0 -> {
                kind = "random bytes";
                bytes = new byte[random.nextInt(1, 512)];
                fill(bytes);
            }
            case 1 -> {
                kind = "truncated request";
                bytes = Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length));
            }
            case 2 -> {
                kind = "bit-flipped request";
                for (int i = random.nextInt(1, 4); i > 0 && bytes.length > 0; i--) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 3 -> {
                kind = "length that lies";
                // field 1 (the architecture), length-delimited, claiming far more bytes than follow
                bytes = new byte[] {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0x08, 0x01};
            }
            default -> {
                kind = "unterminated varint";
                bytes = new byte[random.nextInt(1, 16)];
                Arrays.fill(bytes, (byte) 0xaa);
                bytes[0] = 0x08;
            }
        }
        return new Case(method, method.equals("MeasureBatch") ? MethodType.SERVER_STREAMING : MethodType.UNARY,
                kind, bytes);
    }

    /**
     * Repeated fields far past every limit (tens of thousands of stages, thousands of batch candidates),
     * or as many broken stages as the limit allows: hundreds of violations in one answer.
     */
    private Case huge() {
        if (random.nextInt(3) == 0) {
            Architecture.Builder arch = base().toBuilder().clearStages();
            for (int i = 0; i < 32; i++) {
                arch.addStages(Stage.newBuilder().setRepeats(hostileInt()).setBlock(Block.newBuilder()
                        .setOpValue(hostileInt()).setKernelSize(hostileInt()).setStride(hostileInt())
                        .setOutChannels(hostileInt()).setSkipValue(hostileInt()).setActivationValue(hostileInt())
                        .setExpandRatio(hostileDouble()).setSe(SqueezeExcite.newBuilder().setRatio(hostileDouble())
                                .setBaseValue(hostileInt()).setGateValue(hostileInt()))));
            }
            return new Case("Analyze", MethodType.UNARY, "every stage broken",
                    AnalyzeRequest.newBuilder().setArchitecture(arch).build().toByteArray());
        }
        if (random.nextBoolean()) {
            Architecture.Builder arch = base().toBuilder();
            Stage stage = arch.getStages(0);
            for (int i = random.nextInt(20_000, 100_000); i > 0; i--) {
                arch.addStages(stage);
            }
            return new Case("Analyze", MethodType.UNARY, "huge repeated stages",
                    AnalyzeRequest.newBuilder().setArchitecture(arch).build().toByteArray());
        }
        MeasureBatchRequest.Builder batch = MeasureBatchRequest.newBuilder().setOptions(options());
        Architecture architecture = base();
        for (int i = random.nextInt(1_000, 5_000); i > 0; i--) {
            batch.addArchitectures(architecture);
        }
        return new Case("MeasureBatch", MethodType.SERVER_STREAMING, "huge batch", batch.build().toByteArray());
    }

    static String fullName(String method) {
        return LatencyServiceGrpc.SERVICE_NAME + "/" + method;
    }

    private int hostileInt() {
        return random.nextInt(4) == 0 ? random.nextInt() : HOSTILE_INTS[random.nextInt(HOSTILE_INTS.length)];
    }

    private double hostileDouble() {
        return random.nextInt(4) == 0 ? random.nextDouble(-20, 20)
                : HOSTILE_DOUBLES[random.nextInt(HOSTILE_DOUBLES.length)];
    }

    private int pick(int... values) {
        return values[random.nextInt(values.length)];
    }

    private void fill(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
    }
}
