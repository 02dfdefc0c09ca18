package dev.latm.server.measure;

import dev.latm.model.spec.ArchitectureSpec;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.timing.InterleavePlan;
import dev.latm.runtime.timing.TimingPlan;
import dev.latm.runtime.timing.WarmupPolicy;
import dev.latm.server.ServerConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * Measurement options with every default applied and every value checked by {@link OptionsResolver}:
 * what a measurement actually runs with, echoed to the client in {@code MeasureResponse.options}.
 * Only the resolver makes one, so holding one means the options are valid.
 *
 * @param values the options on the wire form, every field explicit
 */
public record ResolvedOptions(MeasurementOptions values) {

    /** The same options with the batch and resolution of the architecture they measure. */
    public ResolvedOptions withInputOf(ArchitectureSpec spec) {
        return new ResolvedOptions(values.toBuilder().setBatch(spec.batch()).setResolution(spec.resolution()).build());
    }

    /** How the engine builds the candidate. */
    public EngineOptions engineOptions() {
        return EngineOptions.DEFAULT.withThreads(values.getThreads()).withSeed(values.getSeed());
    }

    /** How the harness times it; valid by construction, since the resolver checked the same bounds. */
    public TimingPlan timingPlan() {
        int warmupRuns = values.getWarmupRuns();
        Duration warmupTime = seconds(values.getWarmupSeconds());
        int minRuns = values.getMinRuns();
        int maxRuns = values.getMaxRuns();
        Duration maxTime = seconds(values.getMaxSeconds());
        return new TimingPlan(warmupRuns, warmupTime, minRuns, maxRuns, maxTime, values.getPrecision(),
                values.getReturnSamples());
    }

    /** The reference network's preset name, or empty to measure the candidate alone. */
    public Optional<String> reference() {
        String reference = values.getReference();
        return reference.equals(ServerConfig.NO_REFERENCE) ? Optional.empty() : Optional.of(reference);
    }

    /** When the warm-up is over: the steady-state rule within {@code warmup_budget_seconds}. */
    public WarmupPolicy warmupPolicy() {
        return WarmupPolicy.DEFAULT.withBudget(seconds(values.getWarmupBudgetSeconds()));
    }

    /** How many candidates a batch times side by side, holding at most {@code maxBytes} together. */
    public InterleavePlan interleavePlan(long maxBytes) {
        return new InterleavePlan(values.getInterleave(), maxBytes);
    }

    private static Duration seconds(double value) {
        return Duration.ofNanos(Math.round(value * 1e9));
    }
}
