package dev.latm.runtime.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    /** Counts how often each item of each phase ran, and on which threads. */
    private static class CountingStep implements LayerStep {
        final int[] items;
        final AtomicIntegerArray[] runs;
        final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

        CountingStep(int... items) {
            this.items = items;
            this.runs = new AtomicIntegerArray[items.length];
            for (int phase = 0; phase < items.length; phase++) {
                runs[phase] = new AtomicIntegerArray(items[phase]);
            }
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public String op() {
            return "test";
        }

        @Override
        public int phases() {
            return items.length;
        }

        @Override
        public int items(int phase) {
            return items[phase];
        }

        @Override
        public void run(int phase, int first, int end) {
            threads.add(Thread.currentThread().getName());
            for (int item = first; item < end; item++) {
                runs[phase].incrementAndGet(item);
            }
        }
    }

    @Test
    void everyItemOfEveryPhaseRunsExactlyOnceForAnyThreadCount() {
        for (int threads = 1; threads <= 4; threads++) {
            for (boolean spinning : new boolean[] {true, false}) {
                try (WorkerPool pool = new WorkerPool(threads, spinning, "test-pool")) {
                    for (int repeat = 0; repeat < 50; repeat++) {
                        CountingStep step = new CountingStep(0, 1, 3, 97);
                        for (int phase = 0; phase < step.phases(); phase++) {
                            pool.run(step, phase);
                        }
                        for (int phase = 0; phase < step.phases(); phase++) {
                            for (int item = 0; item < step.items[phase]; item++) {
                                assertEquals(1, step.runs[phase].get(item), threads + " threads, phase " + phase
                                        + ", item " + item);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void oneThreadRunsInlineAndMoreThreadsShareTheWork() {
        try (WorkerPool pool = new WorkerPool(1, true, "inline-pool")) {
            CountingStep step = new CountingStep(10);
            pool.run(step, 0);
            assertEquals(java.util.Set.of(Thread.currentThread().getName()), step.threads);
        }
        try (WorkerPool pool = new WorkerPool(3, true, "shared-pool")) {
            CountingStep step = new CountingStep(30);
            pool.run(step, 0);
            assertEquals(3, step.threads.size(), "caller + 2 workers: " + step.threads);
        }
    }

    @Test
    void aWorkerFailureReachesTheCaller() {
        try (WorkerPool pool = new WorkerPool(2, false, "failing-pool")) {
            RuntimeException boom = new RuntimeException("boom");
            LayerStep failing = new CountingStep(10) {
                @Override
                public void run(int phase, int first, int end) {
                    if (first > 0) {
                        throw boom;
                    }
                }
            };
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(failing, 0));
            assertSame(boom, e.getCause());
            CountingStep next = new CountingStep(4);
            pool.run(next, 0);
            assertEquals(1, next.runs[0].get(3), "the pool keeps working after a failure");
        }
    }

    @Test
    void closeStopsTheWorkersAndIsIdempotent() throws InterruptedException {
        WorkerPool pool = new WorkerPool(3, true, "closing-pool");
        pool.run(new CountingStep(6), 0);
        pool.close();
        pool.close();
        assertThrows(IllegalStateException.class, () -> pool.run(new CountingStep(1), 0));
        List<Thread> left = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("closing-pool")).collect(Collectors.toList());
        for (Thread thread : left) {
            thread.join(1000);
            assertFalse(thread.isAlive(), thread.getName() + " still running");
        }
        assertTrue(left.size() <= 2);
    }

    @Test
    void rejectsZeroThreads() {
        assertThrows(IllegalArgumentException.class, () -> new WorkerPool(0, true, "none"));
    }
}
