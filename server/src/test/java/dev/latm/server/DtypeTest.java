package dev.latm.server;

import static dev.latm.server.Candidates.quick;
import static dev.latm.server.Candidates.request;
import static dev.latm.server.Candidates.small;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.BadRequest;
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.proto.onnx.ModelProto;
import dev.latm.proto.onnx.NodeProto;
import dev.latm.proto.v1.Dtype;
import dev.latm.proto.v1.ExportRequest;
import dev.latm.proto.v1.ExportResponse;
import dev.latm.proto.v1.KernelPrecision;
import dev.latm.proto.v1.KernelTiming;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.OpPrecision;
import dev.latm.proto.v1.PrecisionReport;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.jvm.JavaEngine;
import dev.latm.runtime.onnx.OnnxChecker;
import dev.latm.runtime.onnx.OnnxExport;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The numeric format of a measurement over the wire: validated against the engine, echoed, part of
 * the store key, reported by the profile, and exported.
 */
class DtypeTest {
    private static final MeasurementOptions INT8 = quick().toBuilder().setDtype(Dtype.INT8).build();

    @Test
    void int8AndFloat32AreMeasuredEchoedAndStoredApart(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(TestServer.config().store(dir.resolve("results.db")))) {
            MeasureResponse float32 = server.blocking().measure(request(small(), quick()));
            assertEquals(Dtype.FLOAT32, float32.getOptions().getDtype(), "the default, made explicit");

            MeasureResponse int8 = server.blocking().measure(request(small(), INT8));
            assertFalse(int8.getFromStore(), "a float32 result does not serve an int8 request");
            assertEquals(Dtype.INT8, int8.getOptions().getDtype());
            assertEquals(float32.getArchitectureId(), int8.getArchitectureId(), "the same network");

            MeasureResponse int8Again = server.blocking().measure(request(small(), INT8));
            assertTrue(int8Again.getFromStore());
            assertEquals(int8.getLatency(), int8Again.getLatency());

            MeasureResponse float32Again = server.blocking().measure(request(small(), quick().toBuilder()
                    .setDtype(Dtype.FLOAT32).build()));
            assertTrue(float32Again.getFromStore(), "an int8 result does not replace the float32 one");
            assertEquals(float32.getLatency(), float32Again.getLatency());
            assertEquals(Dtype.FLOAT32, float32Again.getOptions().getDtype());
        }
    }

    /** Refused from the registry's declarations: neither engine is created to say no. */
    @Test
    void int8OnAnEngineWithoutItIsABadRequestNamingTheEnginesThatRunIt() throws Exception {
        AtomicInteger created = new AtomicInteger();
        EngineRegistry engines = new EngineRegistry(List.of(
                new EngineRegistry.Entry("quantizing", Set.of(dev.latm.runtime.Dtype.FLOAT32,
                        dev.latm.runtime.Dtype.INT8), () -> {
                            created.incrementAndGet();
                            throw new UnsatisfiedLinkError("not needed here");
                        }),
                new EngineRegistry.Entry(JavaEngine.NAME, Set.of(dev.latm.runtime.Dtype.FLOAT32), () -> {
                    created.incrementAndGet();
                    return JavaEngine.create();
                })));
        LatmServer latm = new LatmServer(TestServer.config().defaultEngine(JavaEngine.NAME).build(), engines).start();
        try (TestServer server = TestServer.over(latm)) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> server.blocking().measure(request(small(), INT8)));

            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            BadRequest badRequest = Statuses.badRequest(e);
            assertEquals(List.of("options.dtype"), Statuses.fields(badRequest));
            assertEquals("the java engine does not run INT8 (it runs FLOAT32); INT8 runs on quantizing",
                    badRequest.getFieldViolations(0).getDescription());
            assertEquals(0, created.get(), "no engine was created to refuse the request");
        }
    }

    @Test
    void anUnknownDtypeIsABadRequestListingTheFormats() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config())) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking()
                    .measure(request(small(), quick().toBuilder().setDtypeValue(7).build())));

            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            BadRequest badRequest = Statuses.badRequest(e);
            assertEquals(List.of("options.dtype"), Statuses.fields(badRequest));
            assertEquals("must be FLOAT32 or INT8 (got 7)",
                    badRequest.getFieldViolations(0).getDescription());

            StatusRuntimeException export = assertThrows(StatusRuntimeException.class, () -> server.blocking()
                    .export(ExportRequest.newBuilder().setArchitecture(small()).setDtypeValue(3).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, export.getStatus().getCode());
            assertEquals(List.of("dtype"), Statuses.fields(Statuses.badRequest(export)));
        }
    }

    @Test
    void theInt8ProfileSaysWhichKernelsRanInInt8OverTheWire() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config())) {
            PrecisionReport int8 = server.blocking().measure(request(small(), INT8.toBuilder().setProfile(true)
                    .build())).getProfile().getPrecision();
            List<KernelTiming> kernels = int8.getKernelsList();
            assertTrue(kernels.stream().anyMatch(k -> k.getOpType().equals("QLinearConv")
                    && k.getPrecision() == KernelPrecision.KERNEL_PRECISION_INT8), kernels.toString());
            assertTrue(kernels.stream().allMatch(k -> !k.getName().isEmpty() && !k.getLayer().isEmpty()));
            OpPrecision convs = int8.getOpsList().stream().filter(op -> op.getOpType().equals("QLinearConv"))
                    .findFirst().orElseThrow();
            assertEquals(kernels.stream().filter(k -> k.getOpType().equals("QLinearConv")).count(), convs.getCount());
            assertEquals(1, int8.getOpsList().stream().mapToDouble(OpPrecision::getShare).sum(), 1e-9);
            assertEquals(int8.getTotalMs(), kernels.stream().mapToDouble(KernelTiming::getMeanMs).sum(), 1e-9);

            PrecisionReport float32 = server.blocking().measure(request(small(), quick().toBuilder()
                    .setProfile(true).build())).getProfile().getPrecision();
            assertFalse(float32.getKernelsList().isEmpty());
            assertTrue(float32.getKernelsList().stream()
                    .allMatch(k -> k.getPrecision() == KernelPrecision.KERNEL_PRECISION_FLOAT));

            MeasureResponse java = server.blocking().measure(request(small(), quick().toBuilder().setEngine("java")
                    .setProfile(true).build()));
            assertFalse(java.getProfile().getPrecision().getKernelsList().isEmpty());
            assertTrue(java.getProfile().getPrecision().getKernelsList().stream()
                    .allMatch(k -> k.getPrecision() == KernelPrecision.KERNEL_PRECISION_FLOAT), "java is all float");
        }
    }

    @Test
    void exportsTheInt8ModelTheEngineMeasuresAndItPassesOnnxChecker(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(TestServer.config())) {
            ExportResponse exported = server.blocking().export(ExportRequest.newBuilder().setArchitecture(small())
                    .setResolution(64).setDtype(Dtype.INT8).build());
            ModelProto model = ModelProto.parseFrom(exported.getOnnxModel());
            List<String> ops = model.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
            assertTrue(ops.contains("QuantizeLinear") && ops.contains("DequantizeLinear"), ops.toString());

            CompiledArchitecture compiled = CompiledArchitecture.compile(small(), Limits.DEFAULT, 64, 0);
            assertArrayEquals(OnnxExport.model(compiled, EngineOptions.DEFAULT_SEED,
                    dev.latm.runtime.Dtype.INT8).toByteArray(), exported.getOnnxModel().toByteArray());
            Path file = dir.resolve("int8.onnx");
            Files.write(file, exported.getOnnxModel().toByteArray());
            OnnxChecker.assertPasses(List.of(file));
        }
    }

    /** An int8 export is bounded like a float32 one, refused before it is calibrated or queued. */
    @Test
    void anInt8ExportOverTheExportLimitIsRefusedAtOnce() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config().maxExportBytes(100_000))) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking()
                    .export(ExportRequest.newBuilder().setArchitecture(small()).setDtype(Dtype.INT8).build()));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
            assertEquals(0, server.queueDepth());
        }
    }
}
