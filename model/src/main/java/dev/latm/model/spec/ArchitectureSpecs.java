package dev.latm.model.spec;

import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.Block;
import dev.latm.proto.v1.Head;
import dev.latm.proto.v1.Input;
import dev.latm.proto.v1.SqueezeExcite;
import dev.latm.proto.v1.Stage;
import dev.latm.proto.v1.Stem;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts the wire {@link Architecture} into a validated {@link ArchitectureSpec} and back.
 *
 * <p>Validation collects every violation before failing, so a search controller fixes its
 * sampler in one round trip. Defaults documented in architecture.proto are filled in here and
 * nowhere else.
 */
public final class ArchitectureSpecs {
    public static final int DEFAULT_RESOLUTION = 224;
    public static final int DEFAULT_NUM_CLASSES = 1000;
    private static final int MIN_RESOLUTION = 32;
    private static final int MAX_INPUT_CHANNELS = 64;
    private static final int MAX_CLASSES = 100_000;
    private static final double MAX_WIDTH_MULTIPLIER = 4.0;
    private static final double MAX_EXPAND_RATIO = 10.0;

    private ArchitectureSpecs() {
    }

    /**
     * Validates the fields of {@code proto} against the allowed values and {@code limits} and
     * returns the normalised spec. Cost limits (MACs, parameters, memory) need the lowered network
     * and are checked by {@code dev.latm.model.ir.CostLimits}.
     *
     * @throws InvalidArchitectureException with every violation found
     */
    public static ArchitectureSpec fromProto(Architecture proto, Limits limits) {
        return new Reader(limits).read(proto);
    }

    /**
     * The normalised wire form of a spec: defaults explicit, width multiplier 1 (the channel counts
     * are already scaled). Equal specs give byte-identical deterministic serialisations, which is
     * what the canonical architecture id hashes.
     */
    public static Architecture toProto(ArchitectureSpec spec) {
        Architecture.Builder builder = Architecture.newBuilder()
                .setName(spec.name())
                .setInput(Input.newBuilder().setResolution(spec.resolution())
                        .setChannels(spec.inputChannels()).setBatch(spec.batch()))
                .setStem(Stem.newBuilder().setOutChannels(spec.stem().outChannels())
                        .setKernelSize(spec.stem().kernelSize()).setStride(spec.stem().stride())
                        .setActivation(WireEnums.toWire(spec.stem().activation())))
                .setHead(Head.newBuilder().setConvChannels(spec.head().convChannels())
                        .setConvActivation(WireEnums.toWire(spec.head().convActivation()))
                        .setHiddenChannels(spec.head().hiddenChannels())
                        .setHiddenActivation(WireEnums.toWire(spec.head().hiddenActivation())))
                .setWidthMultiplier(1.0)
                .setNumClasses(spec.numClasses());
        for (StageSpec stage : spec.stages()) {
            builder.addStages(Stage.newBuilder().setBlock(toProto(stage.block())).setRepeats(stage.repeats()));
        }
        return builder.build();
    }

    private static Block toProto(BlockSpec block) {
        Block.Builder builder = Block.newBuilder()
                .setOp(WireEnums.toWire(block.op()))
                .setKernelSize(block.kernelSize())
                .setStride(block.stride())
                .setOutChannels(block.outChannels())
                .setSkip(WireEnums.toWire(block.skip()))
                .setActivation(WireEnums.toWire(block.activation()));
        if (block.expansion() instanceof Expansion.Ratio ratio) {
            builder.setExpandRatio(ratio.ratio());
        } else if (block.expansion() instanceof Expansion.Fixed fixed) {
            builder.setExpandedChannels(fixed.channels());
        }
        if (block.se().enabled()) {
            builder.setSe(SqueezeExcite.newBuilder().setRatio(block.se().ratio())
                    .setBase(WireEnums.toWire(block.se().base()))
                    .setRounding(WireEnums.toWire(block.se().rounding()))
                    .setGate(WireEnums.toWire(block.se().gate())));
        }
        return builder.build();
    }

    /** One validation pass; accumulates violations while reading every field. */
    private static final class Reader {
        private final Limits limits;
        private final List<Violation> violations = new ArrayList<>();
        private double width = 1.0;

        Reader(Limits limits) {
            this.limits = limits;
        }

        ArchitectureSpec read(Architecture proto) {
            String nameProblem = ArchitectureNames.problem(proto.getName());
            if (nameProblem != null) {
                invalid("name", nameProblem);
            }
            width = proto.getWidthMultiplier() == 0 ? 1.0 : proto.getWidthMultiplier();
            if (!(width > 0 && width <= MAX_WIDTH_MULTIPLIER)) {
                invalid("width_multiplier", "must be in (0, " + MAX_WIDTH_MULTIPLIER + "] (got "
                        + proto.getWidthMultiplier() + ")");
                width = 1.0;
            }
            int numClasses = orDefault(proto.getNumClasses(), DEFAULT_NUM_CLASSES);
            range("num_classes", numClasses, 1, MAX_CLASSES);

            Input input = proto.getInput();
            int resolution = orDefault(input.getResolution(), DEFAULT_RESOLUTION);
            if (resolution > limits.maxResolution() && resolution >= MIN_RESOLUTION) {
                overLimit("input.resolution", "must be at most the server limit " + limits.maxResolution()
                        + " (got " + resolution + ")");
            } else {
                range("input.resolution", resolution, MIN_RESOLUTION, limits.maxResolution());
            }
            int inputChannels = orDefault(input.getChannels(), 3);
            range("input.channels", inputChannels, 1, MAX_INPUT_CHANNELS);
            int batch = orDefault(input.getBatch(), 1);
            limitRange("input.batch", batch, 1, limits.maxBatch());

            StemSpec stem = readStem(proto);
            List<StageSpec> stages = readStages(proto);
            HeadSpec head = readHead(proto);

            if (!violations.isEmpty()) {
                throw new InvalidArchitectureException(violations);
            }
            return new ArchitectureSpec(proto.getName(), resolution, inputChannels, batch, stem, stages, head,
                    numClasses);
        }

        private StemSpec readStem(Architecture proto) {
            if (!proto.hasStem()) {
                invalid("stem", "required (e.g. {out_channels: 16, kernel_size: 3, stride: 2})");
                return null;
            }
            Stem stem = proto.getStem();
            channels("stem.out_channels", stem.getOutChannels());
            int kernel = orDefault(stem.getKernelSize(), 3);
            oneOf("stem.kernel_size", kernel, 1, 3, 5, 7);
            int stride = orDefault(stem.getStride(), 2);
            oneOf("stem.stride", stride, 1, 2);
            Activation activation = activation("stem.activation", stem.getActivationValue(), Activation.RELU);
            return new StemSpec(ChannelRounding.scale(stem.getOutChannels(), width), kernel, stride, activation);
        }

        private List<StageSpec> readStages(Architecture proto) {
            if (proto.getStagesCount() == 0) {
                invalid("stages", "must contain at least one stage");
            } else if (proto.getStagesCount() > limits.maxStages()) {
                overLimit("stages", "must contain at most the server limit of " + limits.maxStages()
                        + " stages (got " + proto.getStagesCount() + ")");
            }
            List<StageSpec> stages = new ArrayList<>();
            for (int i = 0; i < proto.getStagesCount(); i++) {
                String path = "stages[" + i + "]";
                Stage stage = proto.getStages(i);
                if (stage.getRepeats() > limits.maxRepeats()) {
                    overLimit(path + ".repeats", "must be at most the server limit " + limits.maxRepeats()
                            + " (got " + stage.getRepeats() + ")");
                } else {
                    range(path + ".repeats", stage.getRepeats(), 1, limits.maxRepeats());
                }
                if (!stage.hasBlock()) {
                    invalid(path + ".block", "required (e.g. {op: INVERTED_BOTTLENECK, kernel_size: 3, "
                            + "out_channels: 24, expand_ratio: 6})");
                    continue;
                }
                BlockSpec block = readBlock(path + ".block", stage.getBlock());
                stages.add(new StageSpec(block, stage.getRepeats()));
            }
            return stages;
        }

        private BlockSpec readBlock(String path, Block block) {
            ConvOp op = WireEnums.convOp(block.getOpValue());
            if (op == null) {
                invalid(path + ".op", "must be one of " + WireEnums.names(ConvOp.values()) + " (got "
                        + describeEnum(block.getOp().name(), block.getOpValue()) + ")");
            }
            if (op == null || op == ConvOp.CONV) {
                oneOf(path + ".kernel_size", block.getKernelSize(), 1, 3, 5, 7);
            } else {
                oneOf(path + ".kernel_size", block.getKernelSize(), 3, 5, 7);
            }
            int stride = orDefault(block.getStride(), 1);
            oneOf(path + ".stride", stride, 1, 2);
            channels(path + ".out_channels", block.getOutChannels());
            Expansion expansion = readExpansion(path, block, op);
            SqueezeExciteSpec se = readSqueezeExcite(path + ".se", block);
            SkipOp skip = WireEnums.skip(block.getSkipValue());
            if (skip == null) {
                invalid(path + ".skip", "must be one of " + WireEnums.names(SkipOp.values()) + " (got "
                        + block.getSkipValue() + ")");
            }
            Activation activation = activation(path + ".activation", block.getActivationValue(), Activation.RELU);
            return new BlockSpec(op, block.getKernelSize(), stride, ChannelRounding.scale(block.getOutChannels(), width),
                    expansion, se, skip, activation);
        }

        private Expansion readExpansion(String path, Block block, ConvOp op) {
            switch (block.getExpansionCase()) {
                case EXPAND_RATIO:
                    if (op != null && op != ConvOp.INVERTED_BOTTLENECK) {
                        invalid(path + ".expand_ratio", "only valid with op INVERTED_BOTTLENECK (got op " + op + ")");
                    }
                    double ratio = block.getExpandRatio();
                    if (!(ratio >= 1 && ratio <= MAX_EXPAND_RATIO)) {
                        invalid(path + ".expand_ratio", "must be in [1, " + MAX_EXPAND_RATIO + "] (got " + ratio + ")");
                    }
                    return new Expansion.Ratio(ratio);
                case EXPANDED_CHANNELS:
                    if (op != null && op != ConvOp.INVERTED_BOTTLENECK) {
                        invalid(path + ".expanded_channels", "only valid with op INVERTED_BOTTLENECK (got op "
                                + op + ")");
                    }
                    channels(path + ".expanded_channels", block.getExpandedChannels());
                    return new Expansion.Fixed(ChannelRounding.scale(block.getExpandedChannels(), width));
                default:
                    if (op == ConvOp.INVERTED_BOTTLENECK) {
                        invalid(path + ".expansion", "INVERTED_BOTTLENECK requires expand_ratio in [1, "
                                + MAX_EXPAND_RATIO + "] or expanded_channels >= 1");
                    }
                    return new Expansion.None();
            }
        }

        private SqueezeExciteSpec readSqueezeExcite(String path, Block block) {
            if (!block.hasSe()) {
                return SqueezeExciteSpec.NONE;
            }
            SqueezeExcite se = block.getSe();
            if (!(se.getRatio() >= 0 && se.getRatio() <= 1)) {
                invalid(path + ".ratio", "must be in [0, 1] (0 = no squeeze-and-excitation) (got "
                        + se.getRatio() + ")");
            }
            SeBase base = WireEnums.seBase(se.getBaseValue());
            if (base == null) {
                invalid(path + ".base", "must be one of " + WireEnums.names(SeBase.values()) + " (got "
                        + se.getBaseValue() + ")");
            }
            SeRounding rounding = WireEnums.seRounding(se.getRoundingValue());
            if (rounding == null) {
                invalid(path + ".rounding", "must be one of " + WireEnums.names(SeRounding.values()) + " (got "
                        + se.getRoundingValue() + ")");
            }
            SeGate gate = WireEnums.seGate(se.getGateValue());
            if (gate == null) {
                invalid(path + ".gate", "must be one of " + WireEnums.names(SeGate.values()) + " (got "
                        + se.getGateValue() + ")");
            }
            return se.getRatio() == 0 ? SqueezeExciteSpec.NONE : new SqueezeExciteSpec(se.getRatio(), base, rounding, gate);
        }

        private HeadSpec readHead(Architecture proto) {
            if (!proto.hasHead()) {
                invalid("head", "required (MobileNetV3-Large: {conv_channels: 960, hidden_channels: 1280}; "
                        + "MnasNet: {conv_channels: 1280})");
                return null;
            }
            Head head = proto.getHead();
            if (head.getConvChannels() != 0) {
                channels("head.conv_channels", head.getConvChannels());
            }
            if (head.getHiddenChannels() != 0) {
                channels("head.hidden_channels", head.getHiddenChannels());
            }
            if (head.getConvChannels() < 0) {
                invalid("head.conv_channels", "must be 0 (no conv) or >= 1 (got " + head.getConvChannels() + ")");
            }
            if (head.getHiddenChannels() < 0) {
                invalid("head.hidden_channels", "must be 0 (no hidden layer) or >= 1 (got "
                        + head.getHiddenChannels() + ")");
            }
            Activation convActivation = activation("head.conv_activation", head.getConvActivationValue(),
                    Activation.RELU);
            Activation hiddenActivation = activation("head.hidden_activation", head.getHiddenActivationValue(),
                    Activation.HARD_SWISH);
            return new HeadSpec(ChannelRounding.scale(Math.max(0, head.getConvChannels()), width), convActivation,
                    Math.max(0, head.getHiddenChannels()), hiddenActivation);
        }

        private Activation activation(String path, int value, Activation fallback) {
            if (value == 0) {
                return fallback;
            }
            Activation activation = WireEnums.activation(value);
            if (activation == null) {
                invalid(path, "must be one of RELU, RELU6, HARD_SWISH, SWISH (got " + value + ")");
                return fallback;
            }
            return activation;
        }

        private void channels(String path, int value) {
            if (value > limits.maxChannels()) {
                overLimit(path, "must be at most the server limit " + limits.maxChannels() + " (got " + value + ")");
            } else if (value < 1) {
                invalid(path, "required, must be >= 1 (got " + value + ")");
            } else if (ChannelRounding.scale(value, width) > limits.maxChannels()) {
                overLimit(path, value + " scaled by width_multiplier " + width + " is "
                        + ChannelRounding.scale(value, width) + ", over the server limit " + limits.maxChannels());
            }
        }

        private void range(String path, int value, int min, int max) {
            if (value < min || value > max) {
                invalid(path, "must be in [" + min + ", " + max + "] (got " + value + ")");
            }
        }

        private void limitRange(String path, int value, int min, int max) {
            if (value > max) {
                overLimit(path, "must be at most the server limit " + max + " (got " + value + ")");
            } else {
                range(path, value, min, max);
            }
        }

        private void oneOf(String path, int value, int... allowed) {
            for (int candidate : allowed) {
                if (candidate == value) {
                    return;
                }
            }
            StringBuilder list = new StringBuilder();
            for (int candidate : allowed) {
                list.append(list.length() == 0 ? "" : ", ").append(candidate);
            }
            invalid(path, "must be one of " + list + " (got " + value + ")");
        }

        private void invalid(String path, String description) {
            violations.add(Violation.invalid(path, description));
        }

        private void overLimit(String path, String description) {
            violations.add(Violation.overLimit(path, description));
        }

        private static int orDefault(int value, int fallback) {
            return value == 0 ? fallback : value;
        }

        private static String describeEnum(String name, int value) {
            return "UNRECOGNIZED".equals(name) ? String.valueOf(value) : name;
        }
    }
}
