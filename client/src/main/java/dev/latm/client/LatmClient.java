package dev.latm.client;

import dev.latm.proto.v1.AnalyzeRequest;
import dev.latm.proto.v1.AnalyzeResponse;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.CalibrateRequest;
import dev.latm.proto.v1.DeviceInfo;
import dev.latm.proto.v1.ExportRequest;
import dev.latm.proto.v1.GetDeviceInfoRequest;
import dev.latm.proto.v1.LatencyServiceGrpc;
import dev.latm.proto.v1.MeasureBatchRequest;
import dev.latm.proto.v1.MeasureRequest;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.PredictRequest;
import dev.latm.proto.v1.PredictResponse;
import dev.latm.proto.v1.ReferenceBaseline;
import io.grpc.ManagedChannel;
import io.grpc.CallOptions;
import io.grpc.stub.ClientCalls;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A blocking client of one latm device (or of any target gRPC resolves, picking the first
 * address). Thread-safe; share one per target and close it when done.
 *
 * <pre>{@code
 * try (LatmClient latm = LatmClient.connect(ClientOptions.plaintext("localhost:50051"))) {
 *     MeasureResponse r = latm.measure(Presets.get("mobilenet_v3_small"), MeasurementOptions.getDefaultInstance());
 *     double latMs = r.getLatency().getMedianMs();
 * }
 * }</pre>
 *
 * <p>Failures arrive as {@link io.grpc.StatusRuntimeException}: INVALID_ARGUMENT (with a
 * google.rpc.BadRequest naming every bad field), RESOURCE_EXHAUSTED (limit or full queue),
 * DEADLINE_EXCEEDED, UNAUTHENTICATED, UNAVAILABLE after the retries are spent, INTERNAL.
 */
public final class LatmClient implements AutoCloseable {
    private final ManagedChannel channel;
    private final ClientOptions options;
    private final boolean ownsChannel;

    private LatmClient(ManagedChannel channel, ClientOptions options, boolean ownsChannel) {
        this.channel = channel;
        this.options = options;
        this.ownsChannel = ownsChannel;
    }

    /** Opens a channel to {@code options.target()}. */
    public static LatmClient connect(ClientOptions options) {
        return new LatmClient(GrpcChannels.open(options, "pick_first"), options, true);
    }

    /** Wraps a channel the caller owns (in-process servers, custom channels); close() leaves it open. */
    public static LatmClient over(ManagedChannel channel, ClientOptions options) {
        return new LatmClient(channel, options, false);
    }

    static LatmClient owning(ManagedChannel channel, ClientOptions options) {
        return new LatmClient(channel, options, true);
    }

    /**
     * Measures one architecture: LAT(m) is {@code getLatMs()}, the anchored {@code normalized_ms} (or the
     * median when measured without a reference).
     */
    public MeasureResponse measure(Architecture architecture, MeasurementOptions measurementOptions) {
        return stub().measure(MeasureRequest.newBuilder().setArchitecture(architecture)
                .setOptions(measurementOptions).build());
    }

    /**
     * Streams one response per architecture as each finishes; a failed candidate's response has
     * {@code error} set. The iterator blocks; the deadline covers the whole batch.
     */
    public Iterator<MeasureResponse> measureBatch(List<Architecture> architectures,
                                                  MeasurementOptions measurementOptions) {
        return stub().measureBatch(MeasureBatchRequest.newBuilder().addAllArchitectures(architectures)
                .setOptions(measurementOptions).build());
    }

    /**
     * Calibrates the device's baseline for a reference (options.reference, engine, threads; the server's
     * defaults where unset) and returns it; it replaces the one the device had. Queued like a measurement.
     */
    public ReferenceBaseline calibrate(MeasurementOptions measurementOptions) {
        return stub().calibrate(CalibrateRequest.newBuilder().setOptions(measurementOptions).build());
    }

    /**
     * Predicts LAT(m) of the architectures with the device's latency predictor for {@code
     * measurementOptions}' engine, threads, resolution, batch and dtype: one prediction per architecture, in
     * order, each with its interval and the id of the predictor (described in the response). An invalid
     * architecture's prediction has {@code error} set. FAILED_PRECONDITION when the device has no
     * predictor for that configuration.
     */
    public PredictResponse predict(List<Architecture> architectures, MeasurementOptions measurementOptions) {
        return stub().predict(PredictRequest.newBuilder().addAllArchitectures(architectures)
                .setOptions(measurementOptions).build());
    }

    public AnalyzeResponse analyze(Architecture architecture, int resolution, int batch) {
        return stub().analyze(AnalyzeRequest.newBuilder().setArchitecture(architecture).setResolution(resolution)
                .setBatch(batch).build());
    }

    public DeviceInfo deviceInfo() {
        return stub().getDeviceInfo(GetDeviceInfoRequest.getDefaultInstance());
    }

    /** The architecture as a serialized ONNX model. */
    public byte[] export(Architecture architecture, int resolution, int batch, long seed) {
        return stub().export(ExportRequest.newBuilder().setArchitecture(architecture).setResolution(resolution)
                .setBatch(batch).setSeed(seed).build()).getOnnxModel().toByteArray();
    }

    /** The grpc.health.v1 status of the whole server ("" service). Needs no token. */
    public ServingStatus health() {
        return ClientCalls.blockingUnaryCall(channel, HealthCheck.CHECK,
                CallOptions.DEFAULT.withDeadlineAfter(options.deadline().toMillis(), TimeUnit.MILLISECONDS), "");
    }

    public ClientOptions options() {
        return options;
    }

    private LatencyServiceGrpc.LatencyServiceBlockingStub stub() {
        LatencyServiceGrpc.LatencyServiceBlockingStub stub = LatencyServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(options.deadline().toMillis(), TimeUnit.MILLISECONDS);
        return options.token() == null ? stub : stub.withCallCredentials(new BearerToken(options.token()));
    }

    /** Closes the channel if this client opened it, waiting briefly for calls in flight. */
    @Override
    public void close() {
        if (!ownsChannel) {
            return;
        }
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
