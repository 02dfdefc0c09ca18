package dev.latm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.latm.model.spec.Limits;
import org.junit.jupiter.api.Test;

/** Default limits follow from the memory the JVM has, never above the fixed defaults. */
class MemoryBudgetTest {
    private static final long GIB = 1L << 30;

    @Test
    void aOneGibHeapHoldsAThirtySecondOfItsBytesInParametersAndAQuarterInActivations() {
        MemoryBudget budget = new MemoryBudget(GIB, 16 * GIB);
        Limits limits = budget.limits(Limits.DEFAULT);

        assertEquals(GIB / 32, limits.maxParams());
        assertEquals(GIB / 4, limits.maxActivationBytes());
        assertEquals(GIB / 16, budget.maxExportBytes());
        // what memory does not bound stays as it was
        assertEquals(Limits.DEFAULT.maxMacs(), limits.maxMacs());
        assertEquals(Limits.DEFAULT.maxChannels(), limits.maxChannels());
    }

    @Test
    void aLargeHeapKeepsTheFixedCeilings() {
        MemoryBudget budget = new MemoryBudget(64 * GIB, 256 * GIB);

        assertEquals(Limits.DEFAULT, budget.limits(Limits.DEFAULT));
        assertEquals(GIB, budget.maxExportBytes());
    }

    @Test
    void aContainerSmallerThanTheHeapBoundsTheActivationsOnItsOwn() {
        // ONNX Runtime's activations live outside the heap, in the container's memory
        assertEquals(GIB / 8, new MemoryBudget(4 * GIB, GIB / 2).limits(Limits.DEFAULT).maxActivationBytes());
    }

    @Test
    void noMemoryIsNoBudget() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(0, GIB));
    }
}
