package dev.latm.server;

import com.sun.management.OperatingSystemMXBean;
import dev.latm.model.spec.Limits;
import java.lang.management.ManagementFactory;

/**
 * The memory a server process has, as its JVM sees it, and the default limits that follow from it, so
 * that a request within the limits fits in memory and one that would not is refused on its static
 * cost, before anything is allocated (under -Xmx1g a network within the fixed 4 GiB activation limit
 * failed on the java engine with INTERNAL "Java heap space").
 *
 * <p>Where the bytes of a build go: weights are 4 bytes a parameter, and ONNX Runtime's lowering holds
 * them twice on the heap at once (the model message and its serialised copy) before the session copies
 * them natively; the java engine holds them once plus one layer being packed, and its activation buffers
 * live on the heap. An export holds the model about three times (message, reply, its serialisation).
 * So a quarter of the heap for a build's weights, a quarter for activations (also at most a quarter of
 * the machine, for ONNX Runtime's native arena), and a sixteenth for one export at a time leave the
 * rest to the server and the JVM.
 *
 * @param heapBytes     the most heap this JVM will use: -Xmx, or its default share of the container
 * @param physicalBytes the memory of the machine, or the container's limit when there is one (the JVM
 *                      reads cgroups)
 */
public record MemoryBudget(long heapBytes, long physicalBytes) {
    /** Heap bytes per parameter an ONNX Runtime build holds at once: the model twice, 4 bytes each. */
    static final long BUILD_BYTES_PER_PARAM = 8;
    /** The most an export may be, however large the heap: ONNX files over 2 GiB need external data. */
    static final long MAX_EXPORT_CEILING = 1L << 30;

    public MemoryBudget {
        if (heapBytes < 1 || physicalBytes < 1) {
            throw new IllegalArgumentException("memory must be positive (heap " + heapBytes + ", physical "
                    + physicalBytes + ")");
        }
    }

    /** What this JVM has now. */
    public static MemoryBudget ofThisJvm() {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new MemoryBudget(Runtime.getRuntime().maxMemory(), os.getTotalMemorySize());
    }

    /** {@code ceiling} with max_params and max_activation_bytes lowered to what this memory holds. */
    public Limits limits(Limits ceiling) {
        long params = heapBytes / 4 / BUILD_BYTES_PER_PARAM;
        long activations = Math.min(heapBytes, physicalBytes) / 4;
        return ceiling.toBuilder().maxParams(Math.max(1, Math.min(ceiling.maxParams(), params)))
                .maxActivationBytes(Math.max(1, Math.min(ceiling.maxActivationBytes(), activations))).build();
    }

    /** The largest ONNX model one Export may return, and the most all exports in progress may hold. */
    public long maxExportBytes() {
        return Math.max(1, Math.min(MAX_EXPORT_CEILING, heapBytes / 16));
    }
}
