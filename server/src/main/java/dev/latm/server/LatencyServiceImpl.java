package dev.latm.server;

import com.google.common.util.concurrent.MoreExecutors;
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.proto.v1.AnalyzeRequest;
import dev.latm.proto.v1.AnalyzeResponse;
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
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.onnx.OnnxExport;
import dev.latm.server.measure.Measurer;
import dev.latm.server.measure.RequestCompiler;
import dev.latm.server.measure.Responses;
import dev.latm.server.predict.LoadedPredictors;
import dev.latm.server.predict.PredictService;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gRPC face of latm: translates requests, delegates to {@link Measurer} and {@link PredictService},
 * and turns failures into statuses. Analyze, GetDeviceInfo, Export and Predict run on the calling
 * thread and never wait behind the measurement queue. Every fresh measurement is shown to the loaded
 * predictors, which re-check themselves against it.
 */
final class LatencyServiceImpl extends LatencyServiceGrpc.LatencyServiceImplBase {
    private final Measurer measurer;
    private final Limits limits;
    private final DeviceInfoProvider deviceInfo;
    private final int maxBatchSize;
    private final LoadedPredictors predictors;
    private final PredictService predict;

    LatencyServiceImpl(Measurer measurer, Limits limits, DeviceInfoProvider deviceInfo, int maxBatchSize,
                       LoadedPredictors predictors, PredictService predict) {
        this.measurer = measurer;
        this.limits = limits;
        this.deviceInfo = deviceInfo;
        this.maxBatchSize = maxBatchSize;
        this.predictors = predictors;
        this.predict = predict;
    }

    @Override
    public void measure(MeasureRequest request, StreamObserver<MeasureResponse> observer) {
        Context context = Context.current();
        Measurer.Submission submission = measurer.submit(request.getArchitecture(), request.getOptions());
        context.addListener(cancelled -> submission.cancel().run(), MoreExecutors.directExecutor());
        submission.result().whenComplete((response, failure) -> {
            if (failure != null) {
                observer.onError(ErrorStatus.exception(failure, context));
            } else {
                // before answering, so a client holding its answer finds the re-check in /metrics
                predictors.check(request.getArchitecture(), response);
                observer.onNext(response);
                observer.onCompleted();
            }
        });
    }

    /**
     * Measures the candidates one after another, submitting the next when the previous finishes,
     * so a large generation never floods the shared queue. Each response carries its index; a failed
     * candidate yields a response with {@code error} set and the stream goes on.
     */
    @Override
    public void measureBatch(MeasureBatchRequest request, StreamObserver<MeasureResponse> observer) {
        if (request.getArchitecturesCount() > maxBatchSize) {
            observer.onError(Status.RESOURCE_EXHAUSTED.withDescription("a batch may hold at most " + maxBatchSize
                    + " architectures (got " + request.getArchitecturesCount() + "); split it").asRuntimeException());
            return;
        }
        Context context = Context.current();
        AtomicReference<Runnable> cancelCurrent = new AtomicReference<>(() -> { });
        context.addListener(cancelled -> cancelCurrent.get().run(), MoreExecutors.directExecutor());
        measureFrom(0, request, observer, context, cancelCurrent);
    }

    private void measureFrom(int first, MeasureBatchRequest request, StreamObserver<MeasureResponse> stream,
                             Context context, AtomicReference<Runnable> cancelCurrent) {
        // A loop over the candidates answered at once (invalid, over a limit, from the store), not a
        // recursion through their completed futures: a batch of 1000 stored candidates, a search
        // asking again for a generation it measured, overflowed the stack.
        for (int index = first; index < request.getArchitecturesCount(); index++) {
            if (context.isCancelled()) {
                return;
            }
            Measurer.Submission submission = measurer.submit(request.getArchitectures(index), request.getOptions());
            cancelCurrent.set(submission.cancel());
            if (context.isCancelled()) {
                // the call was cancelled after the check above but before cancelCurrent named this
                // submission, so the listener cancelled the previous one: drop this one here
                submission.cancel().run();
            }
            CompletableFuture<MeasureResponse> result = submission.result();
            int current = index;
            if (!result.isDone()) {
                result.whenComplete((response, failure) -> {
                    if (send(current, response, failure, request, stream, context)) {
                        measureFrom(current + 1, request, stream, context, cancelCurrent);
                    }
                });
                return;
            }
            if (!result.handle((response, failure) -> send(current, response, failure, request, stream, context))
                    .join()) {
                return;
            }
        }
        if (!context.isCancelled()) {
            stream.onCompleted();
        }
    }

    /** Streams candidate {@code index}'s result, or its error; false when the call is already gone. */
    private boolean send(int index, MeasureResponse response, Throwable failure, MeasureBatchRequest request,
                         StreamObserver<MeasureResponse> stream, Context context) {
        if (context.isCancelled()) {
            return false;
        }
        if (failure == null) {
            predictors.check(request.getArchitectures(index), response);
        }
        stream.onNext(failure == null ? response.toBuilder().setIndex(index).build()
                : MeasureResponse.newBuilder().setIndex(index).setName(request.getArchitectures(index).getName())
                        .setError(ErrorStatus.of(failure, context)).build());
        return true;
    }

    @Override
    public void analyze(AnalyzeRequest request, StreamObserver<AnalyzeResponse> observer) {
        try {
            CompiledArchitecture compiled = RequestCompiler.compile(request.getArchitecture(), limits,
                    request.getResolution(), request.getBatch(), "");
            observer.onNext(Responses.analyzed(compiled));
            observer.onCompleted();
        } catch (RuntimeException e) {
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
        try {
            CompiledArchitecture compiled = RequestCompiler.compile(request.getArchitecture(), limits,
                    request.getResolution(), request.getBatch(), "");
            long seed = request.getSeed() == 0 ? EngineOptions.DEFAULT_SEED : request.getSeed();
            observer.onNext(ExportResponse.newBuilder().setArchitectureId(compiled.id())
                    .setOnnxModel(OnnxExport.model(compiled, seed).toByteString()).build());
            observer.onCompleted();
        } catch (RuntimeException e) {
            observer.onError(ErrorStatus.exception(e, Context.current()));
        }
    }
}
