package dev.latm.server.measure;

import dev.latm.proto.v1.ReferenceBaseline;
import dev.latm.runtime.Candidate;
import dev.latm.runtime.Engine;
import dev.latm.runtime.timing.AnchorPlan;
import dev.latm.runtime.timing.InterleavedJob;
import dev.latm.runtime.timing.InterleavedListener;
import dev.latm.runtime.timing.InterleavedRunner;
import dev.latm.runtime.timing.Measurement;
import dev.latm.runtime.timing.MeasurementCancelledException;
import dev.latm.runtime.timing.TimingHarness;
import dev.latm.runtime.timing.TimingPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * How the measurement worker times networks: one candidate, anchored to its reference or alone; a
 * batch's candidates interleaved in a window; a reference's calibration. Knows the harness, the
 * interleaved runner and the device's {@link References}; nothing of responses, the result store or
 * gRPC. Every method runs on the measurement worker, which never runs two at once.
 */
public final class DeviceTiming implements AutoCloseable {
    private final TimingHarness harness;
    private final InterleavedRunner runner;
    private final References references;

    public DeviceTiming(TimingHarness harness, InterleavedRunner runner, References references) {
        this.harness = harness;
        this.runner = runner;
        this.references = references;
    }

    /**
     * A measurement and the baseline its ratios are scaled by, when it was anchored.
     */
    record Timed(Measurement measurement, Optional<ReferenceBaseline> baseline) {
    }

    /** Receives an interleaved batch's results in completion order, on the worker, by position in the list. */
    interface BatchListener {
        void completed(int position, Timed timed);

        void failed(int position, RuntimeException failure);
    }

    References references() {
        return references;
    }

    /**
     * Builds, warms up and times one candidate: in alternation with its reference (calibrated first
     * if the device has no baseline for it yet), or alone.
     *
     * @throws CalibrationFailedException when the reference needed a calibration and none was stationary
     */
    Timed measure(Measurer.Prepared prepared, BooleanSupplier cancelled) {
        Callable<Candidate> builder = builder(prepared, cancelled);
        ResolvedOptions options = prepared.options();
        if (prepared.reference().isEmpty()) {
            return new Timed(harness.measure(builder, prepared.plan(), options.warmupPolicy(), cancelled),
                    Optional.empty());
        }
        References.Anchor anchor = references.anchor(prepared.reference().get(), prepared.engine(), cancelled);
        try {
            return new Timed(harness.measureAnchored(builder, anchor.reference(), prepared.plan(),
                    options.warmupPolicy(), AnchorPlan.ABBA, cancelled), Optional.of(anchor.baseline()));
        } catch (RuntimeException e) {
            throw distrust(Optional.of(anchor), e);
        }
    }

    /**
     * Times the candidates of one batch (same options, so the same engine, reference and plan) side by
     * side in a window of {@code options.interleave} and reports each as it finishes. A candidate's own
     * failure is reported and the others go on.
     *
     * @param maxWindowBytes weight and activation bytes the window's candidates may hold together
     * @throws CalibrationFailedException    when the reference needed a calibration and none was stationary
     * @throws MeasurementCancelledException when the whole batch is cancelled
     */
    void interleave(List<Measurer.Prepared> candidates, long maxWindowBytes, BatchListener listener,
                    BooleanSupplier cancelled) {
        Measurer.Prepared first = candidates.get(0);
        Optional<References.Anchor> anchor = first.reference()
                .map(key -> references.anchor(key, first.engine(), cancelled));
        List<InterleavedJob> jobs = new ArrayList<>(candidates.size());
        for (Measurer.Prepared candidate : candidates) {
            jobs.add(new InterleavedJob(builder(candidate, cancelled), bytes(candidate)));
        }
        Optional<ReferenceBaseline> baseline = anchor.map(References.Anchor::baseline);
        InterleavedListener report = new InterleavedListener() {
            @Override
            public void completed(int index, Measurement measurement) {
                listener.completed(index, new Timed(measurement, baseline));
            }

            @Override
            public void failed(int index, RuntimeException failure) {
                listener.failed(index, failure);
            }
        };
        try {
            runner.run(jobs, anchor.map(References.Anchor::reference), first.plan(), first.options().warmupPolicy(),
                    first.options().interleavePlan(maxWindowBytes), report, cancelled);
        } catch (RuntimeException e) {
            throw distrust(anchor, e);
        }
    }

    /**
     * Calibrates the device's baseline for {@code key} again (see {@link References#calibrate}).
     */
    ReferenceBaseline calibrate(ReferenceKey key, Engine engine, TimingPlan plan, BooleanSupplier cancelled) {
        return references.calibrate(key, engine, plan, cancelled);
    }

    /**
     * {@code failure}, after closing the reference (rebuilt on next use) unless it was a cancellation: the
     * failed run may have been the reference's, and a candidate that failed a run is not trusted warm.
     */
    private RuntimeException distrust(Optional<References.Anchor> anchor, RuntimeException failure) {
        if (!(failure instanceof MeasurementCancelledException)) {
            anchor.ifPresent(a -> references.discard(a.key()));
        }
        return failure;
    }

    /** The build polls {@code cancelled} between its steps: a deadline that passes mid-build frees the worker. */
    private static Callable<Candidate> builder(Measurer.Prepared prepared, BooleanSupplier cancelled) {
        return () -> prepared.engine().build(prepared.compiled(), prepared.options().engineOptions(), cancelled);
    }

    /** What a candidate holds while in a window: its float32 weights and its peak activations. */
    static long bytes(Measurer.Prepared prepared) {
        return 4 * prepared.compiled().cost().params() + prepared.compiled().cost().peakActivationBytes();
    }

    /** Closes the warm reference candidates; after the worker has stopped. */
    @Override
    public void close() {
        references.close();
    }
}
