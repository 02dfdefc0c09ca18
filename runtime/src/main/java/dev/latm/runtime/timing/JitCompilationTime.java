package dev.latm.runtime.timing;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * The JVM's accumulated JIT compilation time, behind a seam so that tests script it. The warm-up of a
 * {@link dev.latm.runtime.Candidate#jitCompiled() JIT-compiled} candidate is not over while this still
 * grows: until the JIT has compiled (and stopped recompiling) the candidate's hot loops, its speed is
 * still changing.
 */
@FunctionalInterface
public interface JitCompilationTime {

    /**
     * {@link CompilationMXBean#getTotalCompilationTime()}: milliseconds summed over the JIT's compiler
     * threads, updated when a compilation finishes. On a JVM without a JIT or without compilation-time
     * monitoring it is {@link #NONE}, so that warm-up falls back to the latencies alone.
     */
    JitCompilationTime SYSTEM = systemOrNone();

    /** Never grows: for candidates whose speed no JIT decides, and for JVMs that cannot say. */
    JitCompilationTime NONE = () -> 0;

    /** Total compilation time so far in milliseconds; only differences between readings are meaningful. */
    long totalMillis();

    private static JitCompilationTime systemOrNone() {
        CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
        if (bean == null || !bean.isCompilationTimeMonitoringSupported()) {
            return NONE;
        }
        return bean::getTotalCompilationTime;
    }
}
