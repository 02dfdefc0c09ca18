package dev.latm.cli.search;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ProtocolMessageEnum;
import com.google.protobuf.util.JsonFormat;
import dev.latm.model.spec.InvalidArchitectureException;
import dev.latm.proto.v1.Activation;
import dev.latm.proto.v1.ArchitectureProto;
import dev.latm.proto.v1.ConvOp;
import dev.latm.proto.v1.SeBase;
import dev.latm.proto.v1.SeGate;
import dev.latm.proto.v1.SeRounding;
import dev.latm.proto.v1.SkipOp;
import dev.latm.proto.v1.SearchSpaceProto;
import dev.latm.proto.v1.SqueezeExcite;
import dev.latm.proto.v1.StageChoices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Reads a search space: the protobuf JSON mapping of {@code latm.v1.SearchSpace}, whose proto
 * ({@code proto/src/main/proto/latm/v1/search_space.proto}) documents every key.
 *
 * <pre>{@code
 * {
 *   "comment": "free text or a list of lines, here and in every stage; ignored",
 *   "name": "mobilenet_v3_space",
 *   "input": {"resolution": 224},
 *   "stem": {"out_channels": 16, "kernel_size": 3, "stride": 2, "activation": "HARD_SWISH"},
 *   "head": {"conv_channels": 960, "conv_activation": "HARD_SWISH",
 *            "hidden_channels": 1280, "hidden_activation": "HARD_SWISH"},
 *   "se": {"base": "EXPANDED", "rounding": "MAKE_DIVISIBLE_8", "gate": "HARD_SIGMOID"},
 *   "stages": [
 *     {"stride": 2, "op": ["INVERTED_BOTTLENECK", "SEPARABLE_CONV"], "kernel": [3, 5], "expansion": [3, 6],
 *      "se": [0, 0.25], "skip": ["IDENTITY", "NONE"], "filters": [32, 40, 48], "repeats": [2, 3, 4],
 *      "activation": ["RELU", "HARD_SWISH"]}
 *   ]
 * }
 * }</pre>
 *
 * <p>The JSON parser rejects unknown keys, enum names and values of the wrong type (the first one
 * it meets, named by key). This class then checks what types cannot say - ranges, required lists,
 * stage rules - and reports every problem at once, each named by its path, and finally compiles a
 * network for every option.
 */
public final class SearchSpaceJson {
    private static final SqueezeExcite MOBILENET_V3_SE = SqueezeExcite.newBuilder().setBase(SeBase.EXPANDED)
            .setRounding(SeRounding.MAKE_DIVISIBLE_8).setGate(SeGate.HARD_SIGMOID).build();

    private SearchSpaceJson() {
    }

    /**
     * @throws IllegalArgumentException naming the key the JSON parser stopped at, or listing every
     *                                  problem by its path ({@code stages[2].kernel[1]: must be one of
     *                                  1, 3, 5, 7 (got 4)})
     */
    public static SearchSpace parse(String json) {
        dev.latm.proto.v1.SearchSpace.Builder builder = dev.latm.proto.v1.SearchSpace.newBuilder();
        try {
            JsonFormat.parser().merge(json, builder);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("invalid search space JSON: " + ProtoJsonErrors.explain(e.getMessage(),
                    SearchSpaceProto.getDescriptor(), ArchitectureProto.getDescriptor()), e);
        }
        dev.latm.proto.v1.SearchSpace proto = builder.build();
        List<String> problems = new ArrayList<>();
        if (!proto.hasStem()) {
            problems.add("stem: required (latm.v1.Stem as JSON)");
        }
        if (!proto.hasHead()) {
            problems.add("head: required (latm.v1.Head as JSON)");
        }
        SqueezeExcite se = proto.hasSe() ? proto.getSe() : MOBILENET_V3_SE;
        if (se.getRatio() != 0) {
            problems.add("se.ratio: leave it out; the ratio is each stage's 'se' choice");
        }
        if (proto.getStagesCount() == 0) {
            problems.add("stages: required, a non-empty list of stages");
        }
        List<StageSpace> stages = new ArrayList<>();
        for (int i = 0; i < proto.getStagesCount(); i++) {
            stages.add(stage(proto.getStages(i), "stages[" + i + "]", problems));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid search space (" + problems.size() + " problems):\n  "
                    + String.join("\n  ", problems));
        }
        SearchSpace space = new SearchSpace(proto.getName().isEmpty() ? "search" : proto.getName(), proto.getInput(),
                proto.getStem(), proto.getHead(), se, stages);
        checkEveryOptionCompiles(space);
        return space;
    }

    private static StageSpace stage(StageChoices stage, String path, List<String> problems) {
        if (stage.getStride() == 0) {
            problems.add(path + ".stride: required, 1 or 2");
        } else if (stage.getStride() != 1 && stage.getStride() != 2) {
            problems.add(path + ".stride: must be 1 or 2 (got " + stage.getStride() + ")");
        }
        List<ConvOp> ops = choices(path, Dimension.OP, stage.getOpValueList(),
                n -> named(n, ConvOp::forNumber, ConvOp.values()), problems);
        List<Integer> kernels = choices(path, Dimension.KERNEL, stage.getKernelList(), k -> oneOf(k, 1, 3, 5, 7),
                problems);
        List<Double> expansions = ops.contains(ConvOp.INVERTED_BOTTLENECK) || stage.getExpansionCount() > 0
                ? choices(path, Dimension.EXPANSION, stage.getExpansionList(), e -> inRange(e, 1, 10), problems)
                : List.of(1.0);
        List<Double> se = choices(path, Dimension.SE, stage.getSeList(), r -> inRange(r, 0, 1), problems);
        List<SkipOp> skips = choices(path, Dimension.SKIP, stage.getSkipValueList(),
                n -> named(n, SkipOp::forNumber, SkipOp.values()), problems);
        List<Integer> filters = choices(path, Dimension.FILTERS, stage.getFiltersList(), SearchSpaceJson::atLeastOne,
                problems);
        List<Integer> repeats = choices(path, Dimension.REPEATS, stage.getRepeatsList(), SearchSpaceJson::atLeastOne,
                problems);
        List<Activation> activations = choices(path, Dimension.ACTIVATION, stage.getActivationValueList(),
                n -> named(n, Activation::forNumber, Activation.values()), problems);
        return new StageSpace(stage.getStride(), ops, kernels, expansions, se, skips, filters, repeats, activations);
    }

    /**
     * One list of choices, each value read by {@code read} (which throws IllegalArgumentException
     * to reject it): required, non-empty, nothing listed twice.
     */
    private static <R, T> List<T> choices(String path, Dimension dimension, List<R> raw,
                                          Function<R, T> read, List<String> problems) {
        String key = path + "." + dimension.key();
        if (raw.isEmpty()) {
            problems.add(key + ": required, a non-empty list of choices");
        }
        List<T> values = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            try {
                T value = read.apply(raw.get(i));
                if (values.contains(value)) {
                    problems.add(key + "[" + i + "]: " + value + " is listed twice");
                }
                values.add(value);
            } catch (IllegalArgumentException e) {
                problems.add(key + "[" + i + "]: " + e.getMessage());
            }
        }
        return values;
    }

    /** The enum constant of wire number {@code number}; UNSPECIFIED and numbers it lacks are refused. */
    private static <E extends Enum<E> & ProtocolMessageEnum> E named(int number, IntFunction<E> forNumber,
                                                                     E[] values) {
        E value = forNumber.apply(number);
        if (value == null || number == 0) {
            throw new IllegalArgumentException("must be one of " + Arrays.stream(values)
                    .filter(v -> v.ordinal() > 0 && !v.name().equals("UNRECOGNIZED")).map(Enum::name)
                    .collect(Collectors.joining(", ")) + " (got " + (value == null ? number : value) + ")");
        }
        return value;
    }

    private static int oneOf(int value, int... allowed) {
        for (int candidate : allowed) {
            if (candidate == value) {
                return value;
            }
        }
        throw new IllegalArgumentException("must be one of " + Arrays.toString(allowed).replaceAll("[\\[\\]]", "")
                + " (got " + value + ")");
    }

    private static double inRange(double value, double low, double high) {
        if (!(value >= low && value <= high)) {
            throw new IllegalArgumentException("must be in [" + low + ", " + high + "] (got " + value + ")");
        }
        return value;
    }

    private static int atLeastOne(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("must be >= 1 (got " + value + ")");
        }
        return value;
    }

    /**
     * Compiles, for every option of every stage, the network that takes that option and the first
     * option everywhere else, so an option no network can use (kernel 1 with a depthwise op, say)
     * is reported when the space is read, not halfway through a search.
     */
    private static void checkEveryOptionCompiles(SearchSpace space) {
        List<StageGene> first = new ArrayList<>();
        for (int i = 0; i < space.stages().size(); i++) {
            first.add(new StageGene(0, 0, 0, 0, 0, 0, 0, 0));
        }
        Genotype base = new Genotype(first);
        List<String> problems = new ArrayList<>();
        for (int stage = 0; stage < space.stages().size(); stage++) {
            for (Dimension dimension : Dimension.values()) {
                for (int option = 0; option < space.stages().get(stage).size(dimension); option++) {
                    Genotype probe = base.with(stage, base.stages().get(stage).with(dimension, option));
                    try {
                        LocalCompiler.compile(space.decode(probe, space.name()), 0, 0);
                    } catch (InvalidArchitectureException e) {
                        problems.add("stages[" + stage + "]." + dimension.key() + "[" + option + "] = "
                                + space.stages().get(stage).options(dimension).get(option)
                                + " gives an invalid network: " + e.getMessage());
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid search space (" + problems.size() + " problems):\n  "
                    + String.join("\n  ", problems));
        }
    }
}
