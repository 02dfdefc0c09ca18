package dev.latm.server.measure;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.ir.LayerCost;
import dev.latm.model.ir.NetworkCost;
import dev.latm.model.ir.Shape;
import dev.latm.proto.v1.AnalyzeResponse;
import dev.latm.proto.v1.LatencyStatistics;
import dev.latm.proto.v1.LayerTiming;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.StaticCost;
import dev.latm.proto.v1.KernelPrecision;
import dev.latm.proto.v1.KernelTiming;
import dev.latm.proto.v1.OpPrecision;
import dev.latm.runtime.LayerProfile;
import dev.latm.runtime.PrecisionReport;
import dev.latm.runtime.timing.LatencyStats;
import dev.latm.runtime.timing.Measurement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Translates engine-side results into wire messages; the only place that knows both. */
public final class Responses {
    private Responses() {
    }

    static MeasureResponse measured(Measurer.Prepared prepared, Measurement measurement, LayerProfile profile,
                                    String deviceId, Instant now) {
        MeasureResponse.Builder response = MeasureResponse.newBuilder()
                .setArchitectureId(prepared.compiled().id())
                .setName(prepared.compiled().spec().name())
                .setLatency(latency(measurement.stats()))
                .setBuildMs(measurement.buildMs())
                .setFirstRunMs(measurement.firstRunMs())
                .setWarmupMs(measurement.warmupMs())
                .setWarmupRuns(measurement.warmupRuns())
                .setCost(cost(prepared.compiled().cost()))
                .setEngine(prepared.engine().name())
                .setEngineVersion(prepared.engine().version())
                .setDeviceId(deviceId)
                .setMeasuredAt(now.truncatedTo(ChronoUnit.MILLIS).toString())
                .setOptions(prepared.options().values());
        if (profile != null) {
            response.setProfile(profile(profile));
        }
        return response.build();
    }

    static LatencyStatistics latency(LatencyStats stats) {
        LatencyStatistics.Builder latency = LatencyStatistics.newBuilder()
                .setMedianMs(stats.medianMs())
                .setMeanMs(stats.meanMs())
                .setStddevMs(stats.stddevMs())
                .setMinMs(stats.minMs())
                .setMaxMs(stats.maxMs())
                .setCiLowMs(stats.ciLowMs())
                .setCiHighMs(stats.ciHighMs())
                .setCiHalfWidthRel(stats.ciHalfWidthRel())
                .setCv(stats.cv())
                .setRuns(stats.runs())
                .setTargetReached(stats.targetReached());
        stats.p90Ms().ifPresent(latency::setP90Ms);
        stats.p95Ms().ifPresent(latency::setP95Ms);
        stats.p99Ms().ifPresent(latency::setP99Ms);
        for (double sample : stats.samplesMs()) {
            latency.addSamplesMs(sample);
        }
        return latency.build();
    }

    public static StaticCost cost(NetworkCost cost) {
        return StaticCost.newBuilder().setMacs(cost.macs()).setParams(cost.params())
                .setParamsTraining(cost.trainingParams()).setPeakActivationBytes(cost.peakActivationBytes()).build();
    }

    public static AnalyzeResponse analyzed(CompiledArchitecture compiled) {
        AnalyzeResponse.Builder response = AnalyzeResponse.newBuilder()
                .setArchitectureId(compiled.id())
                .setNormalized(compiled.normalized())
                .setCost(cost(compiled.cost()));
        for (LayerCost layer : compiled.cost().layers()) {
            response.addLayers(dev.latm.proto.v1.LayerCost.newBuilder()
                    .setName(layer.name()).setOp(layer.op()).setKernel(layer.kernel()).setStride(layer.stride())
                    .addAllInputShape(dims(layer.inputShape())).addAllOutputShape(dims(layer.outputShape()))
                    .setMacs(layer.macs()).setParams(layer.params()).setParamsTraining(layer.trainingParams()));
        }
        return response.build();
    }

    static dev.latm.proto.v1.LayerProfile profile(LayerProfile profile) {
        dev.latm.proto.v1.LayerProfile.Builder wire = dev.latm.proto.v1.LayerProfile.newBuilder()
                .setRuns(profile.runs()).setTotalMs(profile.totalMs());
        for (LayerProfile.Row row : profile.layers()) {
            wire.addLayers(timing(row));
        }
        for (LayerProfile.Row row : profile.groups()) {
            wire.addGroups(timing(row));
        }
        if (!profile.precision().nodes().isEmpty()) {
            wire.setPrecision(precision(profile.precision()));
        }
        return wire.build();
    }

    static dev.latm.proto.v1.PrecisionReport precision(PrecisionReport report) {
        dev.latm.proto.v1.PrecisionReport.Builder wire = dev.latm.proto.v1.PrecisionReport.newBuilder()
                .setTotalMs(report.totalMs());
        for (PrecisionReport.Node node : report.nodes()) {
            wire.addKernels(KernelTiming.newBuilder().setName(node.name()).setLayer(node.layer())
                    .setOpType(node.opType()).setPrecision(precision(node.precision())).setMeanMs(node.meanMs()));
        }
        for (PrecisionReport.Op op : report.ops()) {
            wire.addOps(OpPrecision.newBuilder().setOpType(op.opType()).setPrecision(precision(op.precision()))
                    .setCount(op.count()).setMeanMs(op.meanMs()).setShare(op.share()));
        }
        return wire.build();
    }

    /** The same name with the wire enum's prefix: {@code INT8} is {@code KERNEL_PRECISION_INT8}. */
    private static KernelPrecision precision(PrecisionReport.Precision precision) {
        return KernelPrecision.valueOf("KERNEL_PRECISION_" + precision.name());
    }

    private static LayerTiming timing(LayerProfile.Row row) {
        return LayerTiming.newBuilder().setName(row.name()).setOp(row.op()).setMeanMs(row.meanMs())
                .setShare(row.share()).build();
    }

    private static java.util.List<Integer> dims(Shape shape) {
        return java.util.List.of(shape.batch(), shape.channels(), shape.height(), shape.width());
    }
}
