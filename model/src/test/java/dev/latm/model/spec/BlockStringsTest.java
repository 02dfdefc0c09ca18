package dev.latm.model.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.Block;
import dev.latm.proto.v1.SeGate;
import dev.latm.proto.v1.SkipOp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockStringsTest {
    private static final List<String> MNASNET_A1 = List.of(
            "r1_k3_s11_e1_i32_o16_noskip", "r2_k3_s22_e6_i16_o24", "r3_k5_s22_e3_i24_o40_se0.25",
            "r4_k3_s22_e6_i40_o80", "r2_k3_s11_e6_i80_o112_se0.25", "r3_k5_s22_e6_i112_o160_se0.25",
            "r1_k3_s11_e6_i160_o320");

    @Test
    void decodesEveryToken() {
        Architecture arch = BlockStrings.decode(List.of("r2_k5_s22_e6_i16_o24_se0.25_noskip"));
        Block block = arch.getStages(0).getBlock();
        assertEquals(2, arch.getStages(0).getRepeats());
        assertEquals(5, block.getKernelSize());
        assertEquals(2, block.getStride());
        assertEquals(6.0, block.getExpandRatio());
        assertEquals(24, block.getOutChannels());
        assertEquals(0.25, block.getSe().getRatio());
        assertEquals(SeGate.SIGMOID, block.getSe().getGate());
        assertEquals(SkipOp.NONE, block.getSkip());
        assertEquals(16, arch.getStem().getOutChannels(), "the stem feeds the first block's input filters");
        assertEquals(1280, arch.getHead().getConvChannels(), "MnasNet head by default");
    }

    @Test
    void roundTripsTheMnasNetA1Strings() {
        Architecture arch = BlockStrings.decode(MNASNET_A1);
        assertEquals(MNASNET_A1, BlockStrings.encode(arch));
        assertEquals(arch, BlockStrings.decode(BlockStrings.encode(arch)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"r1_k7_s22_e2.5_i8_o8", "r4_k3_s11_e1_i24_o24_se0.5", "r1_k5_s11_e10_i3_o1_noskip"})
    void roundTripsSingleBlocks(String block) {
        assertEquals(List.of(block), BlockStrings.encode(BlockStrings.decode(List.of(block))));
    }

    @Test
    void mnasNetSqueezeUsesTheInputFilters() {
        CompiledArchitecture compiled = CompiledArchitecture.compile(
                BlockStrings.decode(List.of("r1_k3_s11_e6_i32_o40_se0.25")), Limits.DEFAULT);
        var se = (dev.latm.model.ir.SqueezeExcite) compiled.network().layersByName().get("stages.0.block.0.se");
        assertEquals(8, se.squeezeChannels(), "max(1, int(32 * 0.25))");
        assertEquals(192, se.inputShape().channels());
    }

    @Test
    void splitsTheCommaSeparatedFlag() {
        assertEquals(List.of("r1_k3_s11_e1_i32_o16", "r2_k3_s22_e6_i16_o24"),
                BlockStrings.split(" r1_k3_s11_e1_i32_o16 , r2_k3_s22_e6_i16_o24"));
    }

    @Test
    void anEmptyBlockStringIsAMissingBlockNotNothing() {
        InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
                () -> BlockStrings.split(",r1_k3_s11_e1_i32_o16,, ,"));
        assertEquals(List.of("blocks[0]", "blocks[2]", "blocks[3]", "blocks[4]"),
                e.violations().stream().map(Violation::field).toList());
        assertThrows(InvalidArchitectureException.class, () -> BlockStrings.split(""));
    }

    @Test
    void aNumberTooLargeForItsTokenIsOutOfRangeNotMissing() {
        InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
                () -> BlockStrings.decode(List.of("r99999999999_k3_s11_e1_i16_o3000000000")));
        assertEquals(List.of("blocks[0]: 'r99999999999' is out of range (at most 2147483647)",
                "blocks[0]: 'o3000000000' is out of range (at most 2147483647)"),
                e.violations().stream().map(Violation::toString).toList());
    }

    @Test
    void reportsEveryMalformedStringWithItsIndex() {
        InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
                () -> BlockStrings.decode(List.of("r1_k3_s12_e1_i32_o16", "r1_k3_x9_e6_i16_o24", "r1_k3_s11_i16")));
        String message = e.getMessage();
        assertTrue(message.contains("blocks[0]: strides 's12' must be two equal digits"), message);
        assertTrue(message.contains("blocks[1]: unknown token 'x9'"), message);
        assertTrue(message.contains("blocks[2]: 'r1_k3_s11_i16' lacks the 'e' token"), message);
    }

    @Test
    void refusesBrokenChannelChains() {
        InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
                () -> BlockStrings.decode(List.of("r1_k3_s11_e1_i32_o16", "r1_k3_s22_e6_i24_o24")));
        assertTrue(e.getMessage().contains("blocks[1]: input filters i24 must equal the previous block's output "
                + "filters o16"), e.getMessage());
    }

    @Test
    void refusesAnEmptyList() {
        InvalidArchitectureException e = assertThrows(InvalidArchitectureException.class,
                () -> BlockStrings.decode(List.of()));
        assertEquals("blocks", e.violations().get(0).field());
    }

    @Test
    void encodingNamesWhatTheNotationCannotSay() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlockStrings.encode(Presets.get("mobilenet_v3_large")));
        assertTrue(e.getMessage().contains("stages[0].block.expand_ratio"), e.getMessage());
    }
}
