package dev.latm.runtime.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * What the host CPU offers int8 kernels, read from the OS rather than assumed: the int8 weight
 * range depends on it.
 *
 * <p>On x86 without VNNI, ONNX Runtime's u8 x s8 kernels multiply-add pairs of products into int16
 * ({@code vpmaddubsw}), which saturates once |weight| exceeds 64 next to large activations; with
 * VNNI ({@code vpdpbusd}, or AMX) products accumulate in int32 and the full int8 range is safe.
 * ONNX Runtime's own quantiser calls the 7-bit fallback {@code reduce_range}. ARM's dot products
 * accumulate in int32 as well.
 *
 * @param architecture {@code os.arch} as the JVM reports it
 * @param flags        the CPU feature flags the OS lists (Linux: {@code /proc/cpuinfo}); empty when
 *                     unknown
 */
record CpuFeatures(String architecture, Set<String> flags) {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    /** Flags whose presence means u8 x s8 products accumulate in int32 on x86. */
    private static final Set<String> INT32_DOT_PRODUCTS = Set.of("avx512_vnni", "avx_vnni", "amx_int8");

    CpuFeatures {
        flags = Set.copyOf(flags);
    }

    /** This host's features; flags stay empty where the OS does not list them. */
    static CpuFeatures probe() {
        String cpuinfo;
        try {
            cpuinfo = Files.isReadable(CPUINFO) ? Files.readString(CPUINFO) : "";
        } catch (IOException e) {
            cpuinfo = ""; // unknown features: the conservative weight range below applies
        }
        return parse(System.getProperty("os.arch", ""), cpuinfo);
    }

    /** Reads the first {@code flags} (x86) or {@code Features} (ARM) line of a cpuinfo text. */
    static CpuFeatures parse(String architecture, String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            if (key.equals("flags") || key.equals("Features")) {
                return new CpuFeatures(architecture,
                        Set.of(line.substring(colon + 1).strip().toLowerCase(Locale.ROOT).split("\\s+")));
            }
        }
        return new CpuFeatures(architecture, Set.of());
    }

    boolean isX86() {
        String arch = architecture.toLowerCase(Locale.ROOT);
        return arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86") || arch.equals("i386");
    }

    /** True where ONNX Runtime's u8 x s8 kernels sum product pairs in int16 and can saturate. */
    boolean saturatesU8S8() {
        return isX86() && flags.stream().noneMatch(INT32_DOT_PRODUCTS::contains);
    }

    /** The largest |int8 weight| to quantise to: 127, or 63 where products saturate. */
    int weightQMax() {
        return saturatesU8S8() ? 63 : 127;
    }
}
