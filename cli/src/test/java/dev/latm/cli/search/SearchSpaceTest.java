package dev.latm.cli.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.ConvOp;
import dev.latm.proto.v1.StageChoices;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
    private static final SearchSpace BUNDLED = SearchSpace.bundled();

    @Test
    void theBundledSpaceIsMobileNetV3Shaped() {
        assertEquals(6, BUNDLED.stages().size());
        assertEquals(List.of(1, 2, 2, 2, 1, 2), BUNDLED.stages().stream().map(StageSpace::stride).toList());
        assertEquals(16, BUNDLED.stem().getOutChannels());
        assertEquals(960, BUNDLED.head().getConvChannels());
        assertEquals(1280, BUNDLED.head().getHiddenChannels());
        assertTrue(BUNDLED.size() > 1e12, "size " + BUNDLED.size());
    }

    @Test
    void everySampleIsAValidNetworkWithinTheDefaultServerLimits() {
        SplittableRandom random = new SplittableRandom(42);
        long smallest = Long.MAX_VALUE;
        long largest = 0;
        for (int i = 0; i < 200; i++) {
            Architecture candidate = BUNDLED.decode(BUNDLED.sample(random), "probe");
            long macs = CompiledArchitecture.compile(candidate, Limits.DEFAULT).cost().macs();
            smallest = Math.min(smallest, macs);
            largest = Math.max(largest, macs);
        }
        // the documented range of the space (44M to 610M at 224) brackets what sampling finds
        assertTrue(smallest >= 43_000_000 && largest <= 620_000_000, smallest + " .. " + largest);
        long mobileNetV3 = CompiledArchitecture.compile(Presets.get("mobilenet_v3_large"), Limits.DEFAULT).cost()
                .macs();
        assertTrue(smallest < mobileNetV3 && mobileNetV3 < largest, "MobileNetV3-Large is inside the range");
    }

    @Test
    void theSameSeedSamplesTheSameCandidates() {
        assertEquals(samples(7), samples(7));
        assertNotEquals(samples(7), samples(8));
    }

    @Test
    void mutationChangesExactlyOneChoiceThatMatters() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            Genotype parent = BUNDLED.sample(random);
            Genotype child = BUNDLED.mutate(parent, random);
            int changes = 0;
            for (int stage = 0; stage < parent.stages().size(); stage++) {
                for (Dimension dimension : Dimension.values()) {
                    if (parent.stages().get(stage).get(dimension) != child.stages().get(stage).get(dimension)) {
                        changes++;
                        assertTrue(BUNDLED.stages().get(stage).matters(dimension, parent.stages().get(stage)),
                                "mutated " + dimension + " of a stage where it does not matter");
                    }
                }
            }
            assertEquals(1, changes);
            assertNotEquals(BUNDLED.decode(parent, "n"), BUNDLED.decode(child, "n"), "the network changed");
        }
    }

    @Test
    void decodingUsesTheChosenValues() {
        SearchSpace space = SearchSpace.parse(space("""
                {"stride": 2, "op": ["SEPARABLE_CONV", "INVERTED_BOTTLENECK"], "kernel": [3, 5],
                 "expansion": [3, 6], "se": [0, 0.25], "skip": ["IDENTITY", "NONE"], "filters": [24, 32],
                 "repeats": [1, 2], "activation": ["RELU", "HARD_SWISH"]}"""));
        Genotype genotype = new Genotype(List.of(new StageGene(1, 1, 1, 1, 1, 0, 1, 1)));
        Architecture arch = space.decode(genotype, "x");
        var block = arch.getStages(0).getBlock();
        assertEquals(ConvOp.INVERTED_BOTTLENECK, block.getOp());
        assertEquals(5, block.getKernelSize());
        assertEquals(6.0, block.getExpandRatio());
        assertEquals(0.25, block.getSe().getRatio());
        assertEquals(24, block.getOutChannels());
        assertEquals(2, arch.getStages(0).getRepeats());
        assertEquals(2, block.getStride());
        assertEquals("ib5e6se-24x2-hs-noskip", space.summary(genotype));
        Genotype separable = new Genotype(List.of(new StageGene(0, 0, 1, 0, 0, 1, 0, 0)));
        assertEquals(0, space.decode(separable, "x").getStages(0).getBlock().getExpandRatio(),
                "an expansion is only set on an inverted bottleneck");
        assertEquals("sep3-32x1-re", space.summary(separable));
    }

    @Test
    void badValuesAreAllNamedByPath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchSpace.parse(space("""
                {"stride": 3, "op": ["INVERTED_BOTTLENECK", "CONV_OP_UNSPECIFIED"], "kernel": [3, 4],
                 "expansion": [6, 11], "se": [0, 0], "skip": ["IDENTITY"], "filters": [0], "repeats": [],
                 "activation": ["RELU", 9]}""")));
        String message = e.getMessage();
        assertTrue(message.startsWith("invalid search space (8 problems):"), message);
        assertTrue(message.contains("stages[0].stride: must be 1 or 2 (got 3)"), message);
        assertTrue(message.contains("stages[0].op[1]: must be one of CONV, SEPARABLE_CONV, INVERTED_BOTTLENECK "
                + "(got CONV_OP_UNSPECIFIED)"), message);
        assertTrue(message.contains("stages[0].kernel[1]: must be one of 1, 3, 5, 7 (got 4)"), message);
        assertTrue(message.contains("stages[0].expansion[1]: must be in [1.0, 10.0] (got 11.0)"), message);
        assertTrue(message.contains("stages[0].se[1]: 0.0 is listed twice"), message);
        assertTrue(message.contains("stages[0].filters[0]: must be >= 1 (got 0)"), message);
        assertTrue(message.contains("stages[0].repeats: required, a non-empty list of choices"), message);
        assertTrue(message.contains("stages[0].activation[1]: must be one of RELU, RELU6, HARD_SWISH, SWISH (got 9)"),
                message);
    }

    @Test
    void anUnknownKeyIsNamedWithTheKeysAllowedThere() {
        assertEquals("invalid search space JSON: unknown key 'kernal' in latm.v1.StageChoices; allowed: comment, "
                + "stride, op, kernel, expansion, se, skip, filters, repeats, activation",
                refusal(space("{\"stride\": 1, \"kernal\": [3]}")));
        String stem = refusal("{\"stem\": {\"out_chanels\": 16}}");
        assertTrue(stem.startsWith("invalid search space JSON: unknown key 'out_chanels' in latm.v1.Stem; allowed: "
                + "out_channels, "), stem);
    }

    @Test
    void aWrongEnumNameOrTypeIsNamed() {
        assertEquals("invalid search space JSON: Invalid enum value: \"DEPTHWISE\" for enum type: latm.v1.ConvOp; "
                + "allowed: CONV, SEPARABLE_CONV, INVERTED_BOTTLENECK",
                refusal(space("{\"stride\": 1, \"op\": [\"DEPTHWISE\"]}")));
        assertEquals("invalid search space JSON: Expected an array for kernel but found 3",
                refusal(space("{\"stride\": 1, \"kernel\": 3}")));
        assertEquals("invalid search space JSON: Not an int32 value: 1.5", refusal(space("{\"stride\": 1.5}")));
    }

    @Test
    void everyDimensionIsAKeyOfAStage() {
        for (Dimension dimension : Dimension.values()) {
            assertNotNull(StageChoices.getDescriptor().findFieldByName(dimension.key()), dimension.key());
        }
    }

    @Test
    void anOptionNoNetworkCanUseIsRefusedWhenTheSpaceIsRead() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchSpace.parse(space("""
                {"stride": 1, "op": ["INVERTED_BOTTLENECK"], "kernel": [3, 1], "expansion": [6], "se": [0],
                 "skip": ["IDENTITY"], "filters": [16], "repeats": [1], "activation": ["RELU"]}""")));
        assertTrue(e.getMessage().contains("stages[0].kernel[1] = 1 gives an invalid network"), e.getMessage());
    }

    @Test
    void missingStemAndMalformedJsonAreReported() {
        IllegalArgumentException noStem = assertThrows(IllegalArgumentException.class,
                () -> SearchSpace.parse("{\"head\": {}, \"stages\": []}"));
        assertTrue(noStem.getMessage().contains("stem: required"), noStem.getMessage());
        assertTrue(noStem.getMessage().contains("stages: required"), noStem.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SearchSpace.parse("{\"stem\": "));
    }

    /** Why {@code json} is refused. */
    private static String refusal(String json) {
        return assertThrows(IllegalArgumentException.class, () -> SearchSpace.parse(json)).getMessage();
    }

    /** A one-stage space around {@code stage}. */
    static String space(String stage) {
        return "{\"name\": \"test\", \"input\": {\"resolution\": 64}, \"stem\": {\"out_channels\": 16}, "
                + "\"head\": {\"conv_channels\": 64}, \"stages\": [" + stage + "]}";
    }

    private static List<Genotype> samples(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Genotype> genotypes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            genotypes.add(BUNDLED.sample(random));
        }
        return genotypes;
    }
}
