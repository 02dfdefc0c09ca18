package dev.latm.server;

import static dev.latm.server.Candidates.small;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.ir.LayerCost;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.proto.onnx.ModelProto;
import dev.latm.proto.onnx.OperatorSetIdProto;
import dev.latm.proto.v1.AnalyzeRequest;
import dev.latm.proto.v1.AnalyzeResponse;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.DeviceInfo;
import dev.latm.proto.v1.EngineInfo;
import dev.latm.proto.v1.Dtype;
import dev.latm.proto.v1.ExportRequest;
import dev.latm.proto.v1.ExportResponse;
import dev.latm.proto.v1.GetDeviceInfoRequest;
import dev.latm.proto.v1.LatencyServiceGrpc;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.ServerLimits;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.jvm.JavaEngine;
import dev.latm.runtime.onnx.OnnxRuntimeEngine;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The calls that never queue (Analyze, GetDeviceInfo, Export), health and reflection. */
class QueryServicesTest {
    @AutoClose
    private static final TestServer server = TestServer.started(TestServer.config());

    @Test
    void analyzeReturnsTheStaticAnalysisOfTheCompiledArchitecture() {
        Architecture large = Presets.get("mobilenet_v3_large");
        AnalyzeResponse response = server.blocking().analyze(AnalyzeRequest.newBuilder().setArchitecture(large)
                .setResolution(160).setBatch(2).build());

        CompiledArchitecture compiled = CompiledArchitecture.compile(large, Limits.DEFAULT, 160, 2);
        assertEquals(compiled.id(), response.getArchitectureId());
        assertEquals(compiled.normalized(), response.getNormalized());
        assertEquals(compiled.cost().macs(), response.getCost().getMacs());
        assertEquals(compiled.cost().params(), response.getCost().getParams());
        assertEquals(compiled.cost().trainingParams(), response.getCost().getParamsTraining());
        assertEquals(compiled.cost().peakActivationBytes(), response.getCost().getPeakActivationBytes());
        assertEquals(compiled.cost().layers().stream().map(LayerCost::name).toList(),
                response.getLayersList().stream().map(dev.latm.proto.v1.LayerCost::getName).toList());
        assertEquals(compiled.cost().macs(), response.getLayersList().stream()
                .mapToLong(dev.latm.proto.v1.LayerCost::getMacs).sum());
        dev.latm.proto.v1.LayerCost stem = response.getLayers(0);
        assertEquals("stem", stem.getName());
        assertEquals(List.of(2, 3, 160, 160), stem.getInputShapeList());
        assertEquals(List.of(2, 16, 80, 80), stem.getOutputShapeList());
        // torchvision's published count for mobilenet_v3_large, which the presets reproduce to the unit
        assertEquals(5_483_032, response.getCost().getParamsTraining());
    }

    @Test
    void analyzeNamesBadFieldsWithTheirRequestPaths() {
        Architecture.Builder broken = small().toBuilder();
        broken.getStagesBuilder(1).getBlockBuilder().setStride(3);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking().analyze(
                AnalyzeRequest.newBuilder().setArchitecture(broken).setResolution(8).build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        // AnalyzeRequest.resolution is a top-level field, so its path has no "options." prefix
        assertEquals(List.of("resolution", "architecture.stages[1].block.stride"),
                Statuses.fields(Statuses.badRequest(e)));
    }

    @Test
    void deviceInfoDescribesEnginesLimitsAndDefaults() {
        DeviceInfo info = server.blocking().getDeviceInfo(GetDeviceInfoRequest.getDefaultInstance());

        assertEquals("test-device", info.getDeviceId());
        assertEquals(List.of(EngineInfo.newBuilder().setName("onnxruntime")
                        .setVersion(OnnxRuntimeEngine.create().version()).addDtypes(Dtype.FLOAT32)
                        .addDtypes(Dtype.INT8).build(),
                EngineInfo.newBuilder().setName(JavaEngine.NAME).setVersion(new JavaEngine().version())
                        .addDtypes(Dtype.FLOAT32).build()),
                info.getEnginesList());
        ServerConfig config = TestServer.config().build();
        Limits limits = config.limits();
        assertEquals(ServerLimits.newBuilder().setMaxResolution(limits.maxResolution())
                .setMaxChannels(limits.maxChannels()).setMaxRepeats(limits.maxRepeats())
                .setMaxStages(limits.maxStages()).setMaxBatch(limits.maxBatch()).setMaxMacs(limits.maxMacs())
                .setMaxParams(limits.maxParams()).setMaxActivationBytes(limits.maxActivationBytes())
                .setMaxRuns(config.maxRuns()).setMaxSeconds(config.maxSeconds())
                .setMaxBatchRequestSize(config.maxBatchSize()).setMaxExportBytes(config.maxExportBytes())
                .setMaxInterleave(config.maxInterleave()).setMaxInterleaveBytes(config.maxInterleaveBytes()).build(),
                info.getLimits());
        assertEquals(MeasurementOptions.newBuilder().setEngine("onnxruntime").setThreads(1).setPrecision(0.01)
                .setMinRuns(50).setMaxRuns(5000).setMaxSeconds(30).setWarmupRuns(10).setWarmupSeconds(0.2)
                .setSeed(EngineOptions.DEFAULT_SEED).setReference("mobilenet_v3_small").setWarmupBudgetSeconds(10)
                .setInterleave(8).setDtype(Dtype.FLOAT32).build(), info.getDefaults());
        assertEquals(config.queueCapacity(), info.getQueueCapacity());
        assertEquals(Runtime.getRuntime().availableProcessors(), info.getLogicalCores());
        assertTrue(info.getMemoryBytes() > 0);
        assertFalse(info.getCpuModel().isBlank() || info.getOs().isBlank() || info.getJvm().isBlank()
                || info.getHostname().isBlank() || info.getServerVersion().isBlank(), info.toString());
    }

    @Test
    void exportReturnsAnOnnxModelThatDependsOnlyOnTheSeed() throws Exception {
        ExportRequest request = ExportRequest.newBuilder().setArchitecture(small()).setResolution(96).build();
        ExportResponse first = server.blocking().export(request);
        ModelProto model = ModelProto.parseFrom(first.getOnnxModel());

        assertEquals(CompiledArchitecture.compile(small(), Limits.DEFAULT, 96, 0).id(), first.getArchitectureId());
        assertEquals(8, model.getIrVersion());
        assertTrue(model.getOpsetImportList().stream().anyMatch(opset -> opset.getDomain().isEmpty()
                && opset.getVersion() == 17), model.getOpsetImportList().stream()
                .map(OperatorSetIdProto::toString).toList().toString());
        assertTrue(model.getGraph().getNodeCount() > 50, "nodes " + model.getGraph().getNodeCount());
        assertTrue(model.getGraph().getInitializerCount() > 0);
        assertEquals(List.of(1L, 3L, 96L, 96L), model.getGraph().getInput(0).getType().getTensorType().getShape()
                .getDimList().stream().map(d -> d.getDimValue()).toList());

        assertArrayEquals(first.getOnnxModel().toByteArray(), server.blocking().export(request).getOnnxModel()
                .toByteArray(), "the default seed gives the same weights every time");
        ModelProto otherSeed = ModelProto.parseFrom(server.blocking().export(request.toBuilder().setSeed(7).build())
                .getOnnxModel());
        assertEquals(model.getGraph().getNodeList(), otherSeed.getGraph().getNodeList());
        assertFalse(model.getGraph().getInitializerList().equals(otherSeed.getGraph().getInitializerList()));
    }

    @Test
    void healthIsServingForTheServerAndTheMeasurementService() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(server.channel());
        for (String service : List.of("", LatencyServiceGrpc.SERVICE_NAME)) {
            assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.newBuilder().setService(service)
                    .build()).getStatus(), "service '" + service + "'");
        }
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
                () -> health.check(HealthCheckRequest.newBuilder().setService("no.such.Service").build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
    }

    @Test
    void reflectionListsTheServicesAndDescribesLatencyService() throws Exception {
        List<String> services = Reflection.listServices(server.channel());
        assertTrue(services.containsAll(List.of(LatencyServiceGrpc.SERVICE_NAME, HealthGrpc.SERVICE_NAME,
                "grpc.reflection.v1.ServerReflection")), "services " + services);

        // what grpcurl asks next: the file that defines the service, to build requests from
        List<FileDescriptorProto> files = Reflection.ask(server.channel(), ServerReflectionRequest.newBuilder()
                .setFileContainingSymbol(LatencyServiceGrpc.SERVICE_NAME).build())
                .getFileDescriptorResponse().getFileDescriptorProtoList().stream().map(bytes -> {
                    try {
                        return FileDescriptorProto.parseFrom(bytes);
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new AssertionError(e);
                    }
                }).toList();
        List<String> methods = files.stream().flatMap(file -> file.getServiceList().stream())
                .filter(service -> service.getName().equals("LatencyService"))
                .map(ServiceDescriptorProto::getMethodList).findFirst().orElseThrow()
                .stream().map(MethodDescriptorProto::getName).toList();
        assertEquals(List.of("Measure", "MeasureBatch", "Analyze", "GetDeviceInfo", "Export", "Calibrate", "Predict"),
                methods);
    }
}
