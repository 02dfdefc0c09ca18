package dev.latm.server.measure;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Violation;
import dev.latm.proto.v1.ExportResponse;
import dev.latm.runtime.onnx.OnnxExport;
import java.util.List;

/**
 * The Export use case, bounded: a model larger than {@code max_export_bytes} is refused on its static
 * size, before its weights exist, and exports in progress together hold at most that many bytes, so
 * concurrent exports cannot exhaust the heap (three 620 MB exports under -Xmx2g did). A refusal never
 * waits: it is RESOURCE_EXHAUSTED at once, and gRPC's threads stay free.
 */
public final class Exporter {
    /** Per layer, names, shapes and attributes take well under this in the model's protobuf. */
    static final long BYTES_PER_LAYER = 2048;
    /** The model's fixed parts: opset, doc string, graph input and output. */
    static final long FIXED_BYTES = 4096;

    private final long maxExportBytes;
    private long heldBytes;

    public Exporter(long maxExportBytes) {
        if (maxExportBytes < 1) {
            throw new IllegalArgumentException("max export bytes must be positive (got " + maxExportBytes + ")");
        }
        this.maxExportBytes = maxExportBytes;
    }

    /** An upper bound of the exported model's size: float32 weights are 4 bytes a parameter. */
    public static long sizeBound(CompiledArchitecture compiled) {
        return 4 * compiled.cost().params() + BYTES_PER_LAYER * compiled.network().layers().size() + FIXED_BYTES;
    }

    /** Memory held for one export until it is closed, after its reply is written. */
    public final class Lease implements AutoCloseable {
        private final long bytes;
        private boolean closed;

        private Lease(long bytes) {
            this.bytes = bytes;
        }

        /** The model, built while the lease holds its bytes. */
        public ExportResponse export(CompiledArchitecture compiled, long seed) {
            return ExportResponse.newBuilder().setArchitectureId(compiled.id())
                    .setOnnxModel(OnnxExport.model(compiled, seed).toByteString()).build();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(bytes);
            }
        }
    }

    /**
     * @throws InvalidRequestException (a limit) when the model would be larger than max_export_bytes
     * @throws ExportBusyException     when the exports in progress leave too little of the budget
     */
    public Lease reserve(CompiledArchitecture compiled) {
        long bytes = sizeBound(compiled);
        if (bytes > maxExportBytes) {
            throw new InvalidRequestException(List.of(Violation.overLimit("architecture", "exports as up to "
                    + bytes + " bytes of ONNX (" + compiled.cost().params() + " parameters), over the server "
                    + "limit max_export_bytes = " + maxExportBytes)));
        }
        synchronized (this) {
            if (heldBytes + bytes > maxExportBytes) {
                throw new ExportBusyException(bytes, heldBytes, maxExportBytes);
            }
            heldBytes += bytes;
        }
        return new Lease(bytes);
    }

    private synchronized void release(long bytes) {
        heldBytes -= bytes;
    }
}
