package dev.latm.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuFeaturesTest {
    private static final String SAPPHIRE_RAPIDS = """
            processor	: 0
            vendor_id	: GenuineIntel
            flags		: fpu sse sse2 avx2 avx512f avx512bw avx_vnni avx512_vnni amx_int8 amx_tile
            """;
    private static final String SKYLAKE_SERVER = """
            processor	: 0
            flags		: fpu sse sse2 avx2 avx512f avx512bw
            """;
    private static final String NEOVERSE = """
            processor	: 0
            Features	: fp asimd evtstrm aes crc32 atomics asimddp
            """;

    @Test
    void vnniOrAmxMeansTheFullInt8WeightRange() {
        CpuFeatures cpu = CpuFeatures.parse("amd64", SAPPHIRE_RAPIDS);
        assertTrue(cpu.flags().contains("avx512_vnni"));
        assertFalse(cpu.saturatesU8S8());
        assertEquals(127, cpu.weightQMax());
    }

    @Test
    void x86WithoutVnniGetsSevenBitWeights() {
        CpuFeatures cpu = CpuFeatures.parse("amd64", SKYLAKE_SERVER);
        assertTrue(cpu.saturatesU8S8());
        assertEquals(63, cpu.weightQMax());
        assertEquals(63, CpuFeatures.parse("x86_64", "").weightQMax(), "unknown x86 features: the safe range");
    }

    @Test
    void armAccumulatesInInt32() {
        CpuFeatures cpu = CpuFeatures.parse("aarch64", NEOVERSE);
        assertTrue(cpu.flags().contains("asimddp"));
        assertEquals(127, cpu.weightQMax());
    }

    @Test
    void thisHostIsReadFromTheOperatingSystem() {
        CpuFeatures cpu = CpuFeatures.probe();
        assertEquals(System.getProperty("os.arch"), cpu.architecture());
        boolean dot = cpu.flags().contains("avx512_vnni") || cpu.flags().contains("avx_vnni")
                || cpu.flags().contains("amx_int8");
        assertEquals(cpu.isX86() && !dot ? 63 : 127, cpu.weightQMax(), "flags " + cpu.flags());
    }
}
