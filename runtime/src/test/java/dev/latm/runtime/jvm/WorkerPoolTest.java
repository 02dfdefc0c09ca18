package dev.latm.runtime.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    /** A step that counts how often each item of each phase ran, and on which threads. */
    private static final class Counting {
        final AtomicIntegerArray[] runs;
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final LayerStep step;

        Counting(int... items) {
            runs = new AtomicIntegerArray[items.length];
            LayerStep.Work[] phases = new LayerStep.Work[items.length];
            for (int phase = 0; phase < items.length; phase++) {
                AtomicIntegerArray counts = new AtomicIntegerArray(items[phase]);
                runs[phase] = counts;
                phases[phase] = (first, end) -> {
                    threads.add(Thread.currentThread().getName());
                    for (int item = first; item < end; item++) {
                        counts.incrementAndGet(item);
                    }
                };
            }
            step = new LayerStep("counting", "test", items, phases);
        }
    }

    @Test
    void everyItemOfEveryPhaseRunsExactlyOnceForAnyThreadCount() {
        for (int threads = 1; threads <= 4; threads++) {
            for (boolean spinning : new boolean[] {true, false}) {
                try (WorkerPool pool = new WorkerPool(threads, spinning, "test-pool")) {
                    for (int repeat = 0; repeat < 50; repeat++) {
                        Counting counting = new Counting(0, 1, 3, 97);
                        for (int phase = 0; phase < counting.step.phases(); phase++) {
                            pool.run(counting.step, phase);
                        }
                        for (int phase = 0; phase < counting.step.phases(); phase++) {
                            for (int item = 0; item < counting.step.items(phase); item++) {
                                assertEquals(1, counting.runs[phase].get(item), threads + " threads, phase " + phase
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
            Counting counting = new Counting(10);
            pool.run(counting.step, 0);
            assertEquals(Set.of(Thread.currentThread().getName()), counting.threads);
        }
        try (WorkerPool pool = new WorkerPool(3, true, "shared-pool")) {
            Counting counting = new Counting(30);
            pool.run(counting.step, 0);
            assertEquals(3, counting.threads.size(), "caller + 2 workers: " + counting.threads);
        }
    }

    @Test
    void aWorkerFailureReachesTheCaller() {
        try (WorkerPool pool = new WorkerPool(2, false, "failing-pool")) {
            RuntimeException boom = new RuntimeException("boom");
            LayerStep failing = new LayerStep("failing", "test", new int[] {10}, (first, end) -> {
                if (first > 0) {
                    throw boom;
                }
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(failing, 0));
            assertSame(boom, e.getCause());
            Counting next = new Counting(4);
            pool.run(next.step, 0);
            assertEquals(1, next.runs[0].get(3), "the pool keeps working after a failure");
        }
    }

    @Test
    void closeStopsTheWorkersAndIsIdempotent() throws InterruptedException {
        WorkerPool pool = new WorkerPool(3, true, "closing-pool");
        pool.run(new Counting(6).step, 0);
        pool.close();
        pool.close();
        assertThrows(IllegalStateException.class, () -> pool.run(new Counting(1).step, 0));
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
