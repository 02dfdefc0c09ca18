package dev.latm.model.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.proto.v1.Activation;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.Block;
import dev.latm.proto.v1.ConvOp;
import dev.latm.proto.v1.Head;
import dev.latm.proto.v1.SqueezeExcite;
import dev.latm.proto.v1.Stage;
import dev.latm.proto.v1.Stem;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ValidationTest {

    /** A small valid network every case breaks in one place. */
    static Architecture valid() {
        return Architecture.newBuilder()
                .setStem(Stem.newBuilder().setOutChannels(16))
                .addStages(Stage.newBuilder().setRepeats(2).setBlock(Block.newBuilder()
                        .setOp(ConvOp.INVERTED_BOTTLENECK).setKernelSize(3).setStride(2).setOutChannels(24)
                        .setExpandRatio(4)))
                .addStages(Stage.newBuilder().setRepeats(1).setBlock(Block.newBuilder()
                        .setOp(ConvOp.SEPARABLE_CONV).setKernelSize(5).setOutChannels(32)))
                .setHead(Head.newBuilder().setConvChannels(64))
                .build();
    }

    private static Arguments bad(String field, String fragment, UnaryOperator<Architecture.Builder> breakIt) {
        return Arguments.of(field, fragment, breakIt);
    }

    private static Block.Builder block0(Architecture.Builder arch) {
        return arch.getStagesBuilder(0).getBlockBuilder();
    }

    static Stream<Arguments> badArchitectures() {
        return Stream.of(
                bad("stages[0].block.kernel_size", "must be one of 3, 5, 7 (got 4)",
                        a -> { block0(a).setKernelSize(4); return a; }),
                bad("stages[0].block.kernel_size", "must be one of 3, 5, 7 (got 1)",
                        a -> { block0(a).setKernelSize(1); return a; }),
                bad("stages[0].block.stride", "must be one of 1, 2 (got 3)",
                        a -> { block0(a).setStride(3); return a; }),
                bad("stages[0].block.out_channels", "required, must be >= 1 (got 0)",
                        a -> { block0(a).setOutChannels(0); return a; }),
                bad("stages[0].block.op", "must be one of CONV, SEPARABLE_CONV, INVERTED_BOTTLENECK",
                        a -> { block0(a).setOp(ConvOp.CONV_OP_UNSPECIFIED); return a; }),
                bad("stages[0].block.op", "(got 9)", a -> { block0(a).setOpValue(9); return a; }),
                bad("stages[0].block.expand_ratio", "must be in [1, 10.0] (got 0.5)",
                        a -> { block0(a).setExpandRatio(0.5); return a; }),
                bad("stages[0].block.expansion", "INVERTED_BOTTLENECK requires expand_ratio",
                        a -> { block0(a).clearExpansion(); return a; }),
                bad("stages[1].block.expanded_channels", "only valid with op INVERTED_BOTTLENECK (got op SEPARABLE_CONV)",
                        a -> { a.getStagesBuilder(1).getBlockBuilder().setExpandedChannels(64); return a; }),
                bad("stages[0].block.expanded_channels", "required, must be >= 1 (got -3)",
                        a -> { block0(a).setExpandedChannels(-3); return a; }),
                bad("stages[0].block.se.ratio", "must be in [0, 1]",
                        a -> { block0(a).setSe(SqueezeExcite.newBuilder().setRatio(1.5)); return a; }),
                bad("stages[0].block.se.gate", "must be one of HARD_SIGMOID, SIGMOID (got 7)",
                        a -> { block0(a).setSe(SqueezeExcite.newBuilder().setRatio(0.25).setGateValue(7)); return a; }),
                bad("stages[0].block.se.base", "must be one of EXPANDED, INPUT (got 5)",
                        a -> { block0(a).setSe(SqueezeExcite.newBuilder().setRatio(0.25).setBaseValue(5)); return a; }),
                bad("stages[0].block.skip", "must be one of NONE, IDENTITY, POOLING (got 8)",
                        a -> { block0(a).setSkipValue(8); return a; }),
                bad("stages[0].block.activation", "must be one of RELU, RELU6, HARD_SWISH, SWISH (got 11)",
                        a -> { block0(a).setActivationValue(11); return a; }),
                bad("stages[0].repeats", "must be in [1, 16] (got 0)",
                        a -> { a.getStagesBuilder(0).setRepeats(0); return a; }),
                bad("stages[1].block", "required", a -> { a.getStagesBuilder(1).clearBlock(); return a; }),
                bad("stages", "must contain at least one stage", Architecture.Builder::clearStages),
                bad("stem", "required", Architecture.Builder::clearStem),
                bad("stem.out_channels", "required, must be >= 1 (got 0)",
                        a -> { a.getStemBuilder().setOutChannels(0); return a; }),
                bad("stem.kernel_size", "must be one of 1, 3, 5, 7 (got 2)",
                        a -> { a.getStemBuilder().setKernelSize(2); return a; }),
                bad("stem.stride", "must be one of 1, 2 (got 4)",
                        a -> { a.getStemBuilder().setStride(4); return a; }),
                bad("stem.activation", "must be one of RELU, RELU6, HARD_SWISH, SWISH (got 99)",
                        a -> { a.getStemBuilder().setActivationValue(99); return a; }),
                bad("head", "required", Architecture.Builder::clearHead),
                bad("head.conv_channels", "must be 0 (no conv) or >= 1 (got -1)",
                        a -> { a.getHeadBuilder().setConvChannels(-1); return a; }),
                bad("head.hidden_activation", "must be one of RELU, RELU6, HARD_SWISH, SWISH (got 42)",
                        a -> { a.getHeadBuilder().setHiddenChannels(128).setHiddenActivationValue(42); return a; }),
                bad("input.resolution", "must be in [32, 1024] (got 16)",
                        a -> { a.getInputBuilder().setResolution(16); return a; }),
                bad("input.channels", "must be in [1, 64] (got -3)",
                        a -> { a.getInputBuilder().setChannels(-3); return a; }),
                bad("input.batch", "must be in [1, 64] (got -1)",
                        a -> { a.getInputBuilder().setBatch(-1); return a; }),
                bad("width_multiplier", "must be in (0, 4.0] (got -0.5)", a -> a.setWidthMultiplier(-0.5)),
                bad("width_multiplier", "(got NaN)", a -> a.setWidthMultiplier(Double.NaN)),
                bad("num_classes", "must be in [1, 100000] (got -10)", a -> a.setNumClasses(-10)),
                bad("name", "must be at most 256 characters (got 257)", a -> a.setName("n".repeat(257))),
                bad("name", "character U+000A at index 3 is not", a -> a.setName("net\n12:00 INFO forged")),
                bad("name", "character U+0000 at index 1 is not", a -> a.setName("a\0b")),
                bad("name", "character U+202E at index 0 is not", a -> a.setName("\u202Eevil")),
                bad("name", "character U+D800 at index 1 is not", a -> a.setName("x\uD800")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badArchitectures")
    void everyBadFieldIsNamedWithWhatIsAllowed(String field, String fragment,
                                               UnaryOperator<Architecture.Builder> breakIt) {
        Architecture broken = breakIt.apply(valid().toBuilder()).build();
        InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
                () -> CompiledArchitecture.compile(broken, Limits.DEFAULT));
        assertTrue(e.violations().stream().anyMatch(v -> v.field().equals(field) && v.description().contains(fragment)),
                "expected '" + field + ": ..." + fragment + "' in " + e.violations());
        assertTrue(e.getMessage().contains(field + ": "), e.getMessage());
    }

    @Test
    void aNameOfTheMaximumLengthInAnyScriptIsValid() {
        String name = "MobileNetV3-\u00e9\u4e2d\ud83d\ude80 ".repeat(16);
        assertEquals(256, name.codePointCount(0, name.length()));
        assertEquals(name, CompiledArchitecture.compile(valid().toBuilder().setName(name).build(), Limits.DEFAULT)
                .spec().name());
    }

    @Test
    void aHugeNameIsNotQuotedInItsViolation() {
        InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
                () -> CompiledArchitecture.compile(valid().toBuilder().setName("x".repeat(1 << 20)).build(),
                        Limits.DEFAULT));
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void theValidBaseIsValid() {
        assertEquals(16, CompiledArchitecture.compile(valid(), Limits.DEFAULT).spec().stem().outChannels());
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        Architecture.Builder broken = valid().toBuilder().setNumClasses(-1);
        block0(broken).setKernelSize(4).setStride(3);
        broken.getStemBuilder().setOutChannels(0);
        InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
                () -> CompiledArchitecture.compile(broken.build(), Limits.DEFAULT));
        List<String> fields = e.violations().stream().map(Violation::field).toList();
        assertEquals(List.of("num_classes", "stem.out_channels", "stages[0].block.kernel_size", "stages[0].block.stride"),
                fields);
        assertFalse(e.onlyLimits());
    }

    @Test
    void serverLimitsAreLimitViolations() {
        Architecture.Builder wide = valid().toBuilder();
        block0(wide).setOutChannels(5000);
        wide.getInputBuilder().setResolution(2048);
        InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
                () -> CompiledArchitecture.compile(wide.build(), Limits.DEFAULT));
        assertTrue(e.onlyLimits(), e.getMessage());
        assertTrue(e.getMessage().contains("input.resolution: must be at most the server limit 1024 (got 2048)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("stages[0].block.out_channels: must be at most the server limit 4096"),
                e.getMessage());
    }

    @Test
    void widthScalingIsCheckedAgainstTheChannelLimit() {
        Architecture.Builder arch = valid().toBuilder().setWidthMultiplier(4);
        block0(arch).setOutChannels(2000);
        InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
                () -> CompiledArchitecture.compile(arch.build(), Limits.DEFAULT));
        assertTrue(e.getMessage().contains("2000 scaled by width_multiplier 4.0 is 8000"), e.getMessage());
    }

    /** The probe's network: a declared 4096 expanded tenfold to a 40,960-channel layer. */
    private static final String EXPANDED_OVER_THE_LIMIT = """
            {"input":{"resolution":32},"stem":{"out_channels":8,"stride":2},"stages":[{"repeats":1,
            "block":{"op":"CONV","kernel_size":1,"stride":2,"out_channels":4096}},{"repeats":1,"block":{"op":
            "INVERTED_BOTTLENECK","kernel_size":3,"stride":2,"out_channels":8,"expand_ratio":10}}],"head":{}}""";

    @Test
    void derivedWidthsAreCheckedAgainstTheChannelLimitNotOnlyDeclaredOnes() {
        InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
                () -> CompiledArchitecture.compile(ArchitectureJson.parse(EXPANDED_OVER_THE_LIMIT), Limits.DEFAULT));

        assertTrue(e.onlyLimits(), e.getMessage());
        Violation expand = e.violations().get(0);
        assertEquals("stages[1].block.expand_ratio", expand.field(), e.getMessage());
        assertTrue(expand.description().contains("40960 channels")
                && expand.description().contains("stages.1.block.0.expand")
                && expand.description().contains("max_channels = 4096"), expand.description());
        // one violation per field, not one per layer the width flows through (expand, depthwise, SE, ...)
        assertEquals(1, e.violations().stream().filter(v -> v.field().equals(expand.field())).count(),
                e.getMessage());
    }

    @Test
    void aLaterRepeatExpandsItsOwnInputAndIsCheckedToo() {
        // the first repeat expands 16 input channels to 160; the second expands its 2048 inputs to 20480
        Architecture.Builder arch = valid().toBuilder();
        arch.getInputBuilder().setResolution(32);
        arch.getStagesBuilder(0).setRepeats(2).getBlockBuilder().setOutChannels(2048).setExpandRatio(10);
        InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
                () -> CompiledArchitecture.compile(arch.build(), Limits.DEFAULT));

        assertEquals(List.of("stages[0].block.expand_ratio"), e.violations().stream().map(Violation::field).toList());
        assertTrue(e.getMessage().contains("20480 channels at layer stages.0.block.1.expand"), e.getMessage());
    }

    @Test
    void aSqueezeRoundedUpOverTheLimitNamesTheSeRatio() {
        // 100 channels squeezed by ratio 1 and rounded to a multiple of 8 is 104, over a limit of 100
        Architecture.Builder arch = valid().toBuilder();
        arch.getStagesBuilder(1).getBlockBuilder().setOutChannels(96);
        block0(arch).setOutChannels(100).setExpandRatio(1).setSe(SqueezeExcite.newBuilder().setRatio(1));
        Limits narrow = Limits.builder().maxChannels(100).build();
        InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
                () -> CompiledArchitecture.compile(arch.build(), narrow));

        assertTrue(e.violations().stream().anyMatch(v -> v.field().equals("stages[0].block.se.ratio")
                && v.description().contains("104 channels")), e.getMessage());
    }

    @Test
    void costLimitsRefuseBeforeAnythingIsBuilt() {
        Limits tight = Limits.builder().maxMacs(1_000_000).maxParams(1_000).maxActivationBytes(10_000).build();
        InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
                () -> CompiledArchitecture.compile(Presets.get("mobilenet_v3_small"), tight));
        assertTrue(e.onlyLimits());
        assertEquals(3, e.violations().size(), e.getMessage());
        assertTrue(e.getMessage().contains("over the server limit max_macs = 1000000"), e.getMessage());
        assertTrue(e.getMessage().contains("max_params = 1000"), e.getMessage());
        assertTrue(e.getMessage().contains("max_activation_bytes = 10000"), e.getMessage());
    }

    @Test
    void overridesAreValidatedToo() {
        InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
                () -> CompiledArchitecture.compile(valid(), Limits.DEFAULT, 8, 0));
        assertEquals("resolution", e.violations().get(0).field());
    }

    @Test
    void defaultsAreFilledIn() {
        ArchitectureSpec spec = CompiledArchitecture.compile(valid(), Limits.DEFAULT).spec();
        assertEquals(224, spec.resolution());
        assertEquals(3, spec.inputChannels());
        assertEquals(1, spec.batch());
        assertEquals(1000, spec.numClasses());
        assertEquals(3, spec.stem().kernelSize());
        assertEquals(2, spec.stem().stride());
        assertEquals(SkipOp.IDENTITY, spec.stages().get(0).block().skip());
        assertEquals(dev.latm.model.spec.Activation.RELU, spec.stages().get(0).block().activation());
        assertEquals(1, spec.stages().get(1).block().stride());
        assertEquals(dev.latm.model.spec.Activation.HARD_SWISH, spec.head().hiddenActivation());
    }

    @Test
    void everyWireActivationHasASpecTwin() {
        for (Activation wire : Activation.values()) {
            if (wire != Activation.UNRECOGNIZED && wire != Activation.ACTIVATION_UNSPECIFIED) {
                assertEquals(wire.name(), dev.latm.model.spec.Activation.valueOf(wire.name()).name());
            }
        }
    }
}
