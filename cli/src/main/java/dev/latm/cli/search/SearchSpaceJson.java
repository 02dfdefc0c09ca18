package dev.latm.cli.search;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.latm.model.spec.InvalidArchitectureException;
import dev.latm.proto.v1.Activation;
import dev.latm.proto.v1.ConvOp;
import dev.latm.proto.v1.Head;
import dev.latm.proto.v1.Input;
import dev.latm.proto.v1.SeBase;
import dev.latm.proto.v1.SeGate;
import dev.latm.proto.v1.SeRounding;
import dev.latm.proto.v1.SkipOp;
import dev.latm.proto.v1.SqueezeExcite;
import dev.latm.proto.v1.Stem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the search-space JSON format:
 *
 * <pre>{@code
 * {
 *   "comment": "free text (or a list of lines); allowed at the top and in every stage, ignored",
 *   "name": "mobilenet_v3_space",                       // optional
 *   "input": {"resolution": 224},                        // optional, latm.v1.Input
 *   "stem": {"out_channels": 16, "kernel_size": 3, "stride": 2, "activation": "HARD_SWISH"},
 *   "head": {"conv_channels": 960, "conv_activation": "HARD_SWISH",
 *            "hidden_channels": 1280, "hidden_activation": "HARD_SWISH"},
 *   "se": {"base": "EXPANDED", "rounding": "MAKE_DIVISIBLE_8", "gate": "HARD_SIGMOID"},  // optional
 *   "stages": [
 *     {"stride": 2,                                       // fixed per stage
 *      "op": ["INVERTED_BOTTLENECK", "SEPARABLE_CONV"],   // every other key is a list of choices
 *      "kernel": [3, 5], "expansion": [3, 6], "se": [0, 0.25], "skip": ["IDENTITY", "NONE"],
 *      "filters": [32, 40, 48], "repeats": [2, 3, 4], "activation": ["RELU", "HARD_SWISH"]}
 *   ]
 * }
 * }</pre>
 *
 * <p>{@code input}, {@code stem} and {@code head} use the protobuf JSON mapping of their latm.v1
 * messages. {@code se} says how an SE choice above 0 is built (default: MobileNetV3's); the ratio
 * is the choice. {@code expansion} may be left out of a stage with no INVERTED_BOTTLENECK. Unknown
 * keys are errors, so a typo does not silently shrink the space. Every option is checked by
 * compiling a network that uses it.
 */
public final class SearchSpaceJson {
    private static final Set<String> TOP_KEYS = Set.of("comment", "name", "input", "stem", "head", "se", "stages");
    private static final Set<String> STAGE_KEYS;
    private static final SqueezeExcite MOBILENET_V3_SE = SqueezeExcite.newBuilder().setBase(SeBase.EXPANDED)
            .setRounding(SeRounding.MAKE_DIVISIBLE_8).setGate(SeGate.HARD_SIGMOID).build();

    static {
        Set<String> keys = new HashSet<>(Set.of("comment", "stride"));
        for (Dimension dimension : Dimension.values()) {
            keys.add(dimension.key());
        }
        STAGE_KEYS = Set.copyOf(keys);
    }

    private SearchSpaceJson() {
    }

    /**
     * @throws IllegalArgumentException listing every problem, each named by its path
     *                                  ({@code stages[2].kernel[1]: must be one of 1, 3, 5, 7 (got 4)})
     */
    public static SearchSpace parse(String json) {
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(json);
            if (!parsed.isJsonObject()) {
                throw new IllegalArgumentException("invalid search space: expected a JSON object");
            }
            root = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("invalid search space JSON: " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        unknownKeys(root, TOP_KEYS, "", problems);
        String name = root.has("name") ? root.get("name").getAsString() : "search";
        Input input = message(root, "input", Input.newBuilder(), problems, false);
        Stem stem = message(root, "stem", Stem.newBuilder(), problems, true);
        Head head = message(root, "head", Head.newBuilder(), problems, true);
        SqueezeExcite se = root.has("se") ? message(root, "se", SqueezeExcite.newBuilder(), problems, false)
                : MOBILENET_V3_SE;
        if (se.getRatio() != 0) {
            problems.add("se.ratio: leave it out; the ratio is each stage's 'se' choice");
        }
        List<StageSpace> stages = new ArrayList<>();
        JsonArray stageArray = root.has("stages") && root.get("stages").isJsonArray()
                ? root.getAsJsonArray("stages") : null;
        if (stageArray == null || stageArray.isEmpty()) {
            problems.add("stages: required, a non-empty list of stages");
        } else {
            for (int i = 0; i < stageArray.size(); i++) {
                StageSpace stage = stage(stageArray.get(i), "stages[" + i + "]", problems);
                if (stage != null) {
                    stages.add(stage);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid search space (" + problems.size() + " problems):\n  "
                    + String.join("\n  ", problems));
        }
        SearchSpace space = new SearchSpace(name, input, stem, head, se, stages);
        checkEveryOptionCompiles(space);
        return space;
    }

    private static StageSpace stage(JsonElement element, String path, List<String> problems) {
        if (!element.isJsonObject()) {
            problems.add(path + ": expected an object");
            return null;
        }
        JsonObject stage = element.getAsJsonObject();
        int before = problems.size();
        unknownKeys(stage, STAGE_KEYS, path + ".", problems);
        int stride = 0;
        if (!stage.has("stride") || !stage.get("stride").isJsonPrimitive()) {
            problems.add(path + ".stride: required, 1 or 2");
        } else {
            stride = stage.get("stride").getAsInt();
            if (stride != 1 && stride != 2) {
                problems.add(path + ".stride: must be 1 or 2 (got " + stride + ")");
            }
        }
        List<ConvOp> ops = list(stage, path, Dimension.OP, e -> enumValue(ConvOp.class, e), problems);
        List<Integer> kernels = list(stage, path, Dimension.KERNEL, e -> oneOf(e.getAsInt(), 1, 3, 5, 7), problems);
        boolean needsExpansion = ops.contains(ConvOp.INVERTED_BOTTLENECK) || stage.has(Dimension.EXPANSION.key());
        List<Double> expansions = needsExpansion
                ? list(stage, path, Dimension.EXPANSION, e -> inRange(e.getAsDouble(), 1, 10), problems)
                : List.of(1.0);
        List<Double> se = list(stage, path, Dimension.SE, e -> inRange(e.getAsDouble(), 0, 1), problems);
        List<SkipOp> skips = list(stage, path, Dimension.SKIP, e -> enumValue(SkipOp.class, e), problems);
        List<Integer> filters = list(stage, path, Dimension.FILTERS, e -> atLeastOne(e.getAsInt()), problems);
        List<Integer> repeats = list(stage, path, Dimension.REPEATS, e -> atLeastOne(e.getAsInt()), problems);
        List<Activation> activations = list(stage, path, Dimension.ACTIVATION, e -> enumValue(Activation.class, e),
                problems);
        if (problems.size() > before) {
            return null;
        }
        return new StageSpace(stride, ops, kernels, expansions, se, skips, filters, repeats, activations);
    }

    /** Reads one choice list; each element goes through {@code read}, which throws to reject it. */
    private static <T> List<T> list(JsonObject stage, String path, Dimension dimension, Function<JsonElement, T> read,
                                    List<String> problems) {
        String key = path + "." + dimension.key();
        JsonElement element = stage.get(dimension.key());
        if (element == null || !element.isJsonArray() || element.getAsJsonArray().isEmpty()) {
            problems.add(key + ": required, a non-empty list of choices");
            return List.of();
        }
        List<T> values = new ArrayList<>();
        JsonArray array = element.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            try {
                T value = read.apply(array.get(i));
                if (values.contains(value)) {
                    problems.add(key + "[" + i + "]: " + value + " is listed twice");
                }
                values.add(value);
            } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
                problems.add(key + "[" + i + "]: " + (e.getMessage() == null ? "bad value " + array.get(i)
                        : e.getMessage()));
            }
        }
        return values;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, JsonElement element) {
        String text = element.getAsString();
        List<String> allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .filter(n -> !n.endsWith("UNSPECIFIED") && !n.equals("UNRECOGNIZED")).toList();
        if (!allowed.contains(text)) {
            throw new IllegalArgumentException("must be one of " + String.join(", ", allowed) + " (got " + text + ")");
        }
        return Enum.valueOf(type, text);
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

    @SuppressWarnings("unchecked")
    private static <M extends Message> M message(JsonObject root, String key, Message.Builder builder,
                                                 List<String> problems, boolean required) {
        if (!root.has(key)) {
            if (required) {
                problems.add(key + ": required (latm.v1." + builder.getDescriptorForType().getName() + " as JSON)");
            }
            return (M) builder.build();
        }
        try {
            JsonFormat.parser().merge(root.get(key).toString(), builder);
        } catch (InvalidProtocolBufferException e) {
            problems.add(key + ": " + e.getMessage());
        }
        return (M) builder.build();
    }

    private static void unknownKeys(JsonObject object, Set<String> known, String prefix, List<String> problems) {
        for (String key : object.keySet()) {
            if (!known.contains(key)) {
                problems.add(prefix + key + ": unknown key; allowed: " + String.join(", ", known.stream().sorted()
                        .toList()));
            }
        }
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
