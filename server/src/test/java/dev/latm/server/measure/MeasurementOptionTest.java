package dev.latm.server.measure;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.latm.model.spec.Violation;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.timing.TimingPlan;
import dev.latm.runtime.timing.WarmupPolicy;
import dev.latm.server.ServerConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The options table: complete, resolved once with its defaults, and what it accepts always runs. */
class MeasurementOptionTest {
    private static final ServerConfig CONFIG = ServerConfig.builder().maxRuns(1000).maxSeconds(60).build();
    private static final OptionsResolver RESOLVER = new OptionsResolver(CONFIG, EngineRegistry.standard());

    @Test
    void everyWireFieldHasExactlyOneEntryAndEveryFlagIsDistinct() {
        List<String> wire = MeasurementOptions.getDescriptor().getFields().stream().map(FieldDescriptor::getName)
                .sorted().toList();
        List<String> table = Arrays.stream(MeasurementOption.values()).map(o -> o.field().getName()).sorted()
                .toList();

        assertEquals(wire, table, "a MeasurementOptions field needs its entry in MeasurementOption");
        assertEquals(MeasurementOption.values().length,
                Arrays.stream(MeasurementOption.values()).map(MeasurementOption::flag).distinct().count());
    }

    @Test
    void defaultsAreTheHarnesssMethodWithinTheServersSettings() {
        TimingPlan plan = TimingPlan.DEFAULT;
        MeasurementOptions expected = MeasurementOptions.newBuilder().setEngine(EngineRegistry.DEFAULT_ENGINE)
                .setThreads(1).setPrecision(plan.precision()).setMinRuns(plan.minRuns())
                .setMaxRuns(Math.min(plan.maxRuns(), CONFIG.maxRuns())).setMaxSeconds(plan.maxTime().toSeconds())
                .setWarmupRuns(plan.warmupMinRuns()).setWarmupSeconds(plan.warmupMinTime().toMillis() / 1000.0)
                .setSeed(EngineOptions.DEFAULT_SEED).setReference(ServerConfig.DEFAULT_REFERENCE)
                .setWarmupBudgetSeconds(WarmupPolicy.DEFAULT.budget().toSeconds())
                .setInterleave(MeasurementOption.DEFAULT_INTERLEAVE).build();

        assertEquals(expected, RESOLVER.defaults());
        assertEquals(expected, RESOLVER.resolve(MeasurementOptions.getDefaultInstance()).values());
    }

    /** Timed alone, a raw series judges the warm-up, which drift keeps from settling: a shorter budget. */
    @Test
    void withoutAReferenceTheWarmupBudgetIsShorterAndZeroMeansTheMinimumsOnly() {
        ResolvedOptions alone = RESOLVER.resolve(MeasurementOptions.newBuilder().setReference("none").build());
        ResolvedOptions minimums = RESOLVER.resolve(MeasurementOptions.newBuilder().setWarmupBudgetSeconds(0).build());
        ResolvedOptions shortPhase = RESOLVER.resolve(MeasurementOptions.newBuilder().setMaxSeconds(2).build());

        assertEquals(WarmupPolicy.ALONE_BUDGET.toSeconds(), alone.values().getWarmupBudgetSeconds());
        assertEquals(WarmupPolicy.ALONE_BUDGET, alone.warmupPolicy().budget());
        assertTrue(alone.reference().isEmpty());
        assertEquals(WarmupPolicy.MINIMUM_ONLY, minimums.warmupPolicy());
        assertEquals(ServerConfig.DEFAULT_REFERENCE, minimums.reference().orElseThrow());
        assertEquals(2, shortPhase.values().getWarmupBudgetSeconds(), "a budget within max_seconds");
    }

    /** What is sent is what runs: a value the client chose is never replaced by a default. */
    @Test
    void explicitValuesAreKept() {
        MeasurementOptions asked = MeasurementOptions.newBuilder().setEngine("java").setThreads(2).setPrecision(0.05)
                .setMinRuns(3).setMaxRuns(7).setMaxSeconds(2).setWarmupRuns(1).setWarmupSeconds(0.5)
                .setProfile(true).setReturnSamples(true).setForce(true).setSeed(7).setReference("mobilenet_v2")
                .setInterleave(2).setWarmupBudgetSeconds(0).build();

        assertEquals(asked, RESOLVER.resolve(asked).values());
    }

    @Test
    void everyViolationNamesTheWireFieldAndWhatIsAllowed() {
        Map<UnaryOperator<MeasurementOptions.Builder>, String> cases = Map.of(
                b -> b.setEngine("tflite"), "options.engine: unknown engine 'tflite': this build has onnxruntime, java",
                b -> b.setThreads(-1), "options.threads: must be in [1, 256] (got -1)",
                b -> b.setPrecision(1.5), "options.precision: must be in (0, 1) (got 1.5)",
                b -> b.setMinRuns(-1), "options.min_runs: must be >= 1 (got -1)",
                b -> b.setMinRuns(10).setMaxRuns(5), "options.max_runs: must be in [options.min_runs = 10, "
                        + "the server limit 1000] (got 5)",
                b -> b.setMaxRuns(2000), "options.max_runs: must be at most the server limit 1000 (got 2000)",
                b -> b.setMaxSeconds(-1), "options.max_seconds: must be in [0.001, the server limit 60] (got -1)",
                // positive, but under a nanosecond: found by HostileInputFuzzTest, it was an INTERNAL
                b -> b.setMaxSeconds(1e-12), "options.max_seconds: must be in [0.001, the server limit 60] "
                        + "(got 1.0E-12)",
                b -> b.setWarmupRuns(-3), "options.warmup_runs: must be in [1, the server limit 1000] (got -3)",
                b -> b.setWarmupSeconds(-0.5), "options.warmup_seconds: must be in (0, options.max_seconds = 30] "
                        + "(got -0.5)");
        assertEachIsTheOnlyViolation(cases);
    }

    @Test
    void anchoringOptionsNameTheirFieldAndWhatIsAllowed() {
        assertEachIsTheOnlyViolation(Map.of(
                b -> b.setReference("resnet50"), "options.reference: must be a preset (mnasnet_a1, mnasnet_b1, "
                        + "mobilenet_v2, mobilenet_v3_large, mobilenet_v3_small) or none (got 'resnet50')",
                b -> b.setInterleave(-1), "options.interleave: must be in [1, the server limit 32] (got -1)",
                b -> b.setWarmupBudgetSeconds(-1), "options.warmup_budget_seconds: must be in [0, "
                        + "options.max_seconds = 30] (got -1)",
                b -> b.setWarmupBudgetSeconds(31), "options.warmup_budget_seconds: must be in [0, "
                        + "options.max_seconds = 30] (got 31)"));
    }

    private static void assertEachIsTheOnlyViolation(Map<UnaryOperator<MeasurementOptions.Builder>, String> cases) {
        cases.forEach((change, expected) -> {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> RESOLVER.resolve(change.apply(MeasurementOptions.newBuilder()).build()));
            assertEquals(List.of(expected), e.violations().stream().map(Violation::toString).toList());
        });
    }

    @Test
    void overAServerLimitIsRefusedNotInvalid() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> RESOLVER.resolve(
                MeasurementOptions.newBuilder().setMaxRuns(2000).setMaxSeconds(61).setWarmupRuns(1001).setInterleave(33)
                        .build()));

        assertEquals(List.of("options.max_runs", "options.max_seconds", "options.warmup_runs", "options.interleave"),
                e.violations().stream().map(Violation::field).toList());
        assertTrue(e.onlyLimits());
    }

    /**
     * The harness has preconditions of its own (TimingPlan); the table must never accept what it
     * refuses, or a request would fail inside the queue. Checked at both ends of every range.
     */
    @Test
    void whateverTheTableAcceptsBuildsATimingPlan() {
        MeasurementOptions defaults = RESOLVER.defaults();
        OptionContext atDefaults = new OptionContext(CONFIG, EngineRegistry.standard(), defaults);
        int checked = 0;
        for (MeasurementOption option : MeasurementOption.values()) {
            if (!(option.rule() instanceof OptionRule.Range range)) {
                continue;
            }
            for (OptionRule.Bound bound : range.high() == null ? List.of(range.low())
                    : List.of(range.low(), range.high())) {
                double edge = bound.value().applyAsDouble(atDefaults);
                double inside = bound.inclusive() ? edge : bound == range.low() ? Math.nextUp(edge)
                        : Math.nextDown(edge);
                MeasurementOptions.Builder request = MeasurementOptions.newBuilder();
                request.setField(option.field(), typed(option.field(), inside));
                if (option == MeasurementOption.WARMUP_SECONDS || option == MeasurementOption.MAX_SECONDS) {
                    request.setMaxSeconds(CONFIG.maxSeconds()).setWarmupSeconds(inside);
                }
                if (option == MeasurementOption.WARMUP_BUDGET_SECONDS) {
                    request.setMaxSeconds(CONFIG.maxSeconds()).setWarmupBudgetSeconds(inside);
                }
                ResolvedOptions resolved = assertDoesNotThrow(() -> RESOLVER.resolve(request.build()),
                        option + " at " + inside);
                assertDoesNotThrow(resolved::timingPlan, option + " at " + inside);
                assertDoesNotThrow(resolved::warmupPolicy, option + " at " + inside);
                assertDoesNotThrow(() -> resolved.interleavePlan(CONFIG.maxInterleaveBytes()),
                        option + " at " + inside);
                checked++;
            }
        }
        assertEquals(17, checked, "every bound of every range");
    }

    private static Object typed(FieldDescriptor field, double value) {
        return switch (field.getJavaType()) {
            case INT -> (int) Math.ceil(value);
            case LONG -> (long) Math.ceil(value);
            case DOUBLE -> value;
            default -> throw new IllegalArgumentException(field + " is not numeric");
        };
    }

    @Test
    void theTableSaysWhatIsAllowedInHelpByFlag() {
        OptionContext embedded = new OptionContext(ServerConfig.builder().build(), EngineRegistry.standard(),
                RESOLVER.defaults());
        Map<String, String> allowed = Arrays.stream(MeasurementOption.values()).collect(Collectors.toMap(
                MeasurementOption::flag, o -> o.rule().allowed(embedded, true)));

        assertEquals("in (0, --max-seconds]", allowed.get("--warmup-seconds"));
        assertEquals("in [--min-runs, the server limit 100000]", allowed.get("--max-runs"));
        assertEquals("one of onnxruntime, java", allowed.get("--engine"));
        assertEquals("", allowed.get("--seed"));
        assertEquals("in [1, the server limit 32]", allowed.get("--interleave"));
        assertEquals("in [0, --max-seconds]", allowed.get("--warmup-budget-seconds"));
        assertTrue(allowed.get("--reference").endsWith("mobilenet_v3_small) or none"), allowed.get("--reference"));
    }
}
