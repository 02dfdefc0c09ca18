package dev.latm.server.measure;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.ir.LayerCost;
import dev.latm.model.ir.NetworkCost;
import dev.latm.model.ir.Shape;
import dev.latm.proto.v1.AnalyzeResponse;
import dev.latm.proto.v1.AnchoredLatency;
import dev.latm.proto.v1.LatencyStatistics;
import dev.latm.proto.v1.LayerTiming;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.ReferenceBaseline;
import dev.latm.proto.v1.StaticCost;
import dev.latm.proto.v1.WarmupOutcome;
import dev.latm.runtime.LayerProfile;
import dev.latm.runtime.timing.LatencyStats;
import dev.latm.runtime.timing.Measurement;
import dev.latm.runtime.timing.Relative;
import dev.latm.runtime.timing.Stationarity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Translates engine-side results into wire messages; the only place that knows both. */
public final class Responses {
    private Responses() {
    }

    /**
     * @param baseline the baseline the measurement's ratios are scaled by, when it was anchored
     */
    static MeasureResponse measured(Measurer.Prepared prepared, Measurement measurement,
                                    Optional<ReferenceBaseline> baseline, LayerProfile profile, String deviceId,
                                    Instant now) {
        // the stopping rule judged the ratios when anchored: target_reached says whether they met the precision
        boolean targetReached = measurement.relative().map(Relative::targetReached)
                .orElse(measurement.stats().targetReached());
        MeasureResponse.Builder response = MeasureResponse.newBuilder()
                .setArchitectureId(prepared.compiled().id())
                .setName(prepared.compiled().spec().name())
                .setLatency(latency(measurement.stats()).toBuilder().setTargetReached(targetReached))
                .setLatMs(measurement.stats().medianMs())
                .setBuildMs(measurement.buildMs())
                .setFirstRunMs(measurement.firstRunMs())
                .setWarmupMs(measurement.warmupMs())
                .setWarmupRuns(measurement.warmupRuns())
                .setTimedMs(measurement.timedMs())
                .setCost(cost(prepared.compiled().cost()))
                .setEngine(prepared.engine().name())
                .setEngineVersion(prepared.engine().version())
                .setDeviceId(deviceId)
                .setMeasuredAt(now.truncatedTo(ChronoUnit.MILLIS).toString())
                .setOptions(prepared.options().values())
                .setWarmupOutcome(switch (measurement.warmupOutcome()) {
                    case STEADY -> WarmupOutcome.STEADY;
                    case BUDGET_EXHAUSTED -> WarmupOutcome.BUDGET_EXHAUSTED;
                })
                .setStationarity(stationarity(measurement.stationarity()))
                .addAllWarmupSamplesMs(measurement.warmupSamplesMs());
        if (measurement.relative().isPresent()) {
            Relative relative = measurement.relative().get();
            ReferenceBaseline scale = baseline.orElseThrow(
                    () -> new IllegalArgumentException("an anchored measurement needs the baseline it is scaled by"));
            response.setAnchored(AnchoredLatency.newBuilder()
                    .setReference(scale.getReference())
                    .setRelative(relative.median())
                    .setRelativeCiLow(relative.ciLow())
                    .setRelativeCiHigh(relative.ciHigh())
                    .setRelativeCiHalfWidthRel(relative.ciHalfWidthRel())
                    .setPairs(relative.pairs())
                    .setReferenceMedianMs(relative.reference().medianMs()));
            rebase(response, scale);
        }
        if (profile != null) {
            response.setProfile(profile(profile));
        }
        return response.build();
    }

    /**
     * A stored anchored result on the scale of the device's current baseline: its ratio is what was
     * measured, the milliseconds follow from the baseline, which a new calibration may have replaced
     * since. Unanchored results come back as they are.
     */
    static MeasureResponse rebased(MeasureResponse stored, Optional<ReferenceBaseline> current) {
        if (!stored.hasAnchored() || current.isEmpty()
                || current.get().getMedianMs() == stored.getAnchored().getBaselineMs()) {
            return stored;
        }
        MeasureResponse.Builder response = stored.toBuilder();
        rebase(response, current.get());
        return response.build();
    }

    /** Sets the baseline and everything derived from it: normalized_ms (= LAT(m)) and the device's speed. */
    private static void rebase(MeasureResponse.Builder response, ReferenceBaseline baseline) {
        AnchoredLatency.Builder anchored = response.getAnchoredBuilder();
        double normalized = anchored.getRelative() * baseline.getMedianMs();
        anchored.setBaselineMs(baseline.getMedianMs()).setNormalizedMs(normalized)
                .setDeviceSpeedRatio(anchored.getReferenceMedianMs() / baseline.getMedianMs());
        response.setLatMs(normalized);
    }

    static dev.latm.proto.v1.Stationarity stationarity(Stationarity stationarity) {
        dev.latm.proto.v1.Stationarity.Builder wire = dev.latm.proto.v1.Stationarity.newBuilder()
                .setStationary(stationarity.stationary()).setDiscardedRuns(stationarity.discardedRuns());
        stationarity.change().ifPresent(change -> wire.setChangepointRun(change.run()).setShift(change.shift())
                .setPValue(change.pValue()));
        return wire.build();
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
        return wire.build();
    }

    private static LayerTiming timing(LayerProfile.Row row) {
        return LayerTiming.newBuilder().setName(row.name()).setOp(row.op()).setMeanMs(row.meanMs())
                .setShare(row.share()).build();
    }

    private static java.util.List<Integer> dims(Shape shape) {
        return java.util.List.of(shape.batch(), shape.channels(), shape.height(), shape.width());
    }
}
