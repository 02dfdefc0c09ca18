package dev.latm.runtime.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class WarmupPolicyTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertEquals(new WarmupPolicy(Duration.ofSeconds(10), 10, 3, 0.05, 0.02), WarmupPolicy.DEFAULT);
        assertEquals(Duration.ZERO, WarmupPolicy.DEFAULT.withBudget(Duration.ZERO).budget());
        assertEquals(Long.MAX_VALUE, WarmupPolicy.DEFAULT.withBudget(Duration.ofSeconds(Long.MAX_VALUE)).budgetNanos());
    }

    @Test
    void everyBadFieldIsNamedWithWhatIsAllowed() {
        assertInvalid("warmup_budget must be >= 0 (got PT-1S)",
                () -> WarmupPolicy.DEFAULT.withBudget(Duration.ofSeconds(-1)));
        assertInvalid("warmup_window_runs must be >= 2 (got 1)",
                () -> new WarmupPolicy(Duration.ZERO, 1, 3, 0.05, 0.02));
        assertInvalid("warmup_windows must be in [2, 6] (got 7)",
                () -> new WarmupPolicy(Duration.ZERO, 10, 7, 0.05, 0.02));
        assertInvalid("warmup_windows must be in [2, 6] (got 1)",
                () -> new WarmupPolicy(Duration.ZERO, 10, 1, 0.05, 0.02));
        assertInvalid("warmup_resolution must be in (0, 1), e.g. 0.05 for 5% (got 0.0)",
                () -> new WarmupPolicy(Duration.ZERO, 10, 3, 0, 0.02));
        assertInvalid("warmup_resolution must be in (0, 1), e.g. 0.05 for 5% (got NaN)",
                () -> new WarmupPolicy(Duration.ZERO, 10, 3, Double.NaN, 0.02));
        assertInvalid("warmup_jit_share must be in [0, 1), e.g. 0.02 for 2% (got 1.0)",
                () -> new WarmupPolicy(Duration.ZERO, 10, 3, 0.05, 1));
        assertEquals("warmup_budget must be set", assertThrows(NullPointerException.class,
                () -> new WarmupPolicy(null, 10, 3, 0.05, 0.02)).getMessage());
    }

    @Test
    void everyWindowCountAllowedHasAQuantile() {
        for (int windows = 2; windows <= WarmupPolicy.MAX_WINDOWS; windows++) {
            SteadyState rule = new SteadyState(new WarmupPolicy(Duration.ZERO, 10, windows, 0.05, 0), 0.01, false);
            for (int run = 0; run < 10 * windows; run++) {
                rule.add(1.0, run, 0);
            }
            assertEquals(true, rule.steady(), windows + " windows");
        }
    }

    private static void assertInvalid(String message, Executable executable) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, executable).getMessage());
    }
}
