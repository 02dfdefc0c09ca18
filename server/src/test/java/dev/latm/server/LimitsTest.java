package dev.latm.server;

import static dev.latm.server.Candidates.quick;
import static dev.latm.server.Candidates.request;
import static dev.latm.server.Candidates.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.spec.ArchitectureJson;
import dev.latm.model.spec.Limits;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.AnalyzeRequest;
import dev.latm.proto.v1.ExportRequest;
import dev.latm.proto.v1.GetDeviceInfoRequest;
import dev.latm.proto.v1.MeasureBatchRequest;
import dev.latm.proto.v1.MeasureResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A server configured with tight cost limits refuses what exceeds them, on every call that builds. */
class LimitsTest {
    /** mobilenet_v3_small needs ~56 M multiply-adds at 224 px, ~5 M at 64 px. */
    private static final long MAX_MACS = 1_000_000;

    @AutoClose
    private static final TestServer server = TestServer.started(
            TestServer.config().limits(Limits.builder().maxMacs(MAX_MACS).build()));

    @Test
    void aNetworkOverMaxMacsIsResourceExhaustedAgainstTheWholeArchitecture() {
        for (Executable call : List.<Executable>of(
                () -> server.blocking().measure(request(small(), quick())),
                () -> server.blocking().analyze(AnalyzeRequest.newBuilder().setArchitecture(small()).build()),
                () -> server.blocking().export(ExportRequest.newBuilder().setArchitecture(small()).build()))) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);

            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().contains("max_macs = " + MAX_MACS),
                    e.getStatus().getDescription());
            // the cost of the whole network is over the limit, so the violation names the whole field
            assertEquals(List.of("architecture"), Statuses.fields(Statuses.badRequest(e)));
        }
    }

    @Test
    void aBatchCandidateOverALimitFailsAloneWithResourceExhausted() {
        List<MeasureResponse> responses = new ArrayList<>();
        server.blocking().measureBatch(MeasureBatchRequest.newBuilder().addArchitectures(small())
                .setOptions(quick()).build()).forEachRemaining(responses::add);

        assertEquals(1, responses.size());
        assertEquals(com.google.rpc.Code.RESOURCE_EXHAUSTED_VALUE, responses.get(0).getError().getCode());
    }

    @Test
    void aWidthDerivedFromExpandRatioIsRefusedNamingTheField() {
        // the hostile probe's network: 4096 channels expanded tenfold were accepted and took 8-16 s to measure
        Architecture expanded = ArchitectureJson.parse("""
                {"input":{"resolution":32},"stem":{"out_channels":8,"stride":2},"stages":[{"repeats":1,
                "block":{"op":"CONV","kernel_size":1,"stride":2,"out_channels":4096}},{"repeats":1,"block":{"op":
                "INVERTED_BOTTLENECK","kernel_size":3,"stride":2,"out_channels":8,"expand_ratio":10}}],"head":{}}""");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> server.blocking().measure(request(expanded, quick())));

        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        assertTrue(Statuses.fields(Statuses.badRequest(e)).contains("architecture.stages[1].block.expand_ratio"),
                e.getStatus().getDescription());
    }

    @Test
    void deviceInfoReportsTheConfiguredLimit() {
        assertEquals(MAX_MACS, server.blocking().getDeviceInfo(GetDeviceInfoRequest.getDefaultInstance())
                .getLimits().getMaxMacs());
    }
}
