package dev.latm.server;

import com.google.common.util.concurrent.MoreExecutors;
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.ArchitectureNames;
import dev.latm.model.spec.Limits;
import dev.latm.proto.v1.AnalyzeRequest;
import dev.latm.proto.v1.AnalyzeResponse;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.CalibrateRequest;
import dev.latm.proto.v1.DeviceInfo;
import dev.latm.proto.v1.ExportRequest;
import dev.latm.proto.v1.ExportResponse;
import dev.latm.proto.v1.GetDeviceInfoRequest;
import dev.latm.proto.v1.LatencyServiceGrpc;
import dev.latm.proto.v1.MeasureBatchRequest;
import dev.latm.proto.v1.MeasureRequest;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.PredictRequest;
import dev.latm.proto.v1.PredictResponse;
import dev.latm.proto.v1.ReferenceBaseline;
import dev.latm.server.measure.BatchRun;
import dev.latm.server.measure.Measurer;
import dev.latm.server.measure.ModelExports;
import dev.latm.server.measure.RequestCompiler;
import dev.latm.server.measure.Responses;
import dev.latm.server.predict.LoadedPredictors;
import dev.latm.server.predict.PredictService;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/**
 * The gRPC face of latm: translates requests, delegates to {@link Measurer}, {@link ModelExports} and
 * {@link PredictService}, and turns failures into statuses. Analyze, GetDeviceInfo, a float32 Export and
 * Predict run on the calling thread and never wait behind the measurement queue; Measure, MeasureBatch,
 * Calibrate and an INT8 Export do (see {@link ModelExports}). Every fresh measurement is shown to the
 * loaded predictors, which re-check themselves against it.
 */
final class LatencyServiceImpl extends LatencyServiceGrpc.LatencyServiceImplBase {
    private final Measurer measurer;
    private final Limits limits;
    private final DeviceInfoProvider deviceInfo;
    private final int maxBatchSize;
    private final ModelExports exports;
    private final LoadedPredictors predictors;
    private final PredictService predict;

    LatencyServiceImpl(Measurer measurer, Limits limits, DeviceInfoProvider deviceInfo, int maxBatchSize,
                       ModelExports exports, LoadedPredictors predictors, PredictService predict) {
        this.measurer = measurer;
        this.limits = limits;
        this.deviceInfo = deviceInfo;
        this.maxBatchSize = maxBatchSize;
        this.exports = exports;
        this.predictors = predictors;
        this.predict = predict;
    }

    @Override
    public void measure(MeasureRequest request, StreamObserver<MeasureResponse> observer) {
        Measurer.Submission<MeasureResponse> submission = measurer.submit(request.getArchitecture(),
                request.getOptions());
        // before answering, so a client holding its answer finds the re-check in /metrics
        answer(new Measurer.Submission<>(submission.result().thenApply(response -> {
            predictors.check(request.getArchitecture(), response);
            return response;
        }), submission.cancel()), observer);
    }

    /**
     * Answers the call once {@code result} completes; the call's cancellation runs {@code cancel}, and
     * {@code replied} runs once the answer has been handed to gRPC (which serialises it inside onNext).
     */
    private static <T> void reply(CompletableFuture<T> result, Runnable cancel, Runnable replied,
                                  StreamObserver<T> observer) {
        Context context = Context.current();
        context.addListener(cancelled -> cancel.run(), MoreExecutors.directExecutor());
        result.whenComplete((response, failure) -> {
            try {
                if (failure != null) {
                    observer.onError(ErrorStatus.exception(failure, context));
                } else {
                    observer.onNext(response);
                    observer.onCompleted();
                }
            } finally {
                replied.run();
            }
        });
    }

    /**
     * Measures the candidates interleaved ({@code options.interleave} at a time) and streams each result
     * as it finishes, with its index; candidates that are invalid or in the store come first, at once. A
     * failed candidate yields a response with {@code error} set and the stream goes on.
     */
    @Override
    public void measureBatch(MeasureBatchRequest request, StreamObserver<MeasureResponse> observer) {
        if (request.getArchitecturesCount() > maxBatchSize) {
            observer.onError(Status.RESOURCE_EXHAUSTED.withDescription("a batch may hold at most " + maxBatchSize
                    + " architectures (got " + request.getArchitecturesCount() + "); split it").asRuntimeException());
            return;
        }
        Context context = Context.current();
        // results come from the gRPC thread (answered at once) and then the measurement worker; a stream
        // observer takes one caller at a time
        Object sending = new Object();
        Measurer.Submission<Void> submission = measurer.submitBatch(request.getArchitecturesList(),
                request.getOptions(), new BatchRun.Listener() {
                    @Override
                    public void completed(int index, MeasureResponse response) {
                        predictors.check(request.getArchitectures(index), response);
                        send(response.toBuilder().setIndex(index).build());
                    }

                    @Override
                    public void failed(int index, Throwable failure) {
                        send(MeasureResponse.newBuilder().setIndex(index)
                                .setName(echoedName(request.getArchitectures(index)))
                                .setError(ErrorStatus.of(failure, context)).build());
                    }

                    private void send(MeasureResponse response) {
                        synchronized (sending) {
                            if (!context.isCancelled()) {
                                observer.onNext(response);
                            }
                        }
                    }
                });
        context.addListener(cancelled -> submission.cancel().run(), MoreExecutors.directExecutor());
        submission.result().whenComplete((nothing, failure) -> {
            synchronized (sending) {
                if (!context.isCancelled()) {
                    observer.onCompleted();
                }
            }
        });
    }

    @Override
    public void calibrate(CalibrateRequest request, StreamObserver<ReferenceBaseline> observer) {
        answer(measurer.calibrate(request.getOptions()), observer);
    }

    /** Answers a unary call with queued work's result or status; cancelling the call drops the work. */
    private static <T> void answer(Measurer.Submission<T> submission, StreamObserver<T> observer) {
        reply(submission.result(), submission.cancel(), () -> { }, observer);
    }

    /** A failed candidate's name, echoed only when it is one the server accepts: never megabytes of it. */
    private static String echoedName(Architecture architecture) {
        return ArchitectureNames.isValid(architecture.getName()) ? architecture.getName() : "";
    }

    @Override
    public void analyze(AnalyzeRequest request, StreamObserver<AnalyzeResponse> observer) {
        try {
            CompiledArchitecture compiled = RequestCompiler.compile(request.getArchitecture(), limits,
                    request.getResolution(), request.getBatch(), "");
            observer.onNext(Responses.analyzed(compiled));
            observer.onCompleted();
        } catch (RuntimeException | OutOfMemoryError e) {
            observer.onError(ErrorStatus.exception(e, Context.current()));
        }
    }

    /** Predictions of a loaded predictor; as many architectures per request as a MeasureBatch may hold. */
    @Override
    public void predict(PredictRequest request, StreamObserver<PredictResponse> observer) {
        if (request.getArchitecturesCount() > maxBatchSize) {
            observer.onError(Status.RESOURCE_EXHAUSTED.withDescription("a Predict request may hold at most "
                    + maxBatchSize + " architectures (got " + request.getArchitecturesCount() + "); split it")
                    .asRuntimeException());
            return;
        }
        Context context = Context.current();
        try {
            observer.onNext(predict.predict(request, failure -> ErrorStatus.of(failure, context)));
            observer.onCompleted();
        } catch (RuntimeException e) {
            observer.onError(ErrorStatus.exception(e, context));
        }
    }

    @Override
    public void getDeviceInfo(GetDeviceInfoRequest request, StreamObserver<DeviceInfo> observer) {
        observer.onNext(deviceInfo.get());
        observer.onCompleted();
    }

    @Override
    public void export(ExportRequest request, StreamObserver<ExportResponse> observer) {
        ModelExports.Pending export = exports.export(request);
        // the export's memory lease holds the model's bytes until gRPC has serialised the reply
        reply(export.result(), export.cancel(), export.release(), observer);
    }
}
