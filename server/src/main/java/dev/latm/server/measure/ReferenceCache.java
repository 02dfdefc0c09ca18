package dev.latm.server.measure;

import dev.latm.runtime.Candidate;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Built reference candidates, kept open and warm between measurements: building a reference takes as
 * long as building a candidate, and a fresh one would need its own warm-up (on the java engine, the
 * JIT's) before every measurement. Bounded: past {@code capacity} configurations the least recently
 * used is closed. Used by the measurement worker only; {@link #close()} comes after the worker stopped.
 */
public final class ReferenceCache implements AutoCloseable {
    /** Configurations kept warm: a device serves one or two (engine, threads) pairs in practice. */
    public static final int DEFAULT_CAPACITY = 4;

    private final int capacity;
    private final Map<ReferenceKey, Candidate> candidates = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    public ReferenceCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 (got " + capacity + ")");
        }
        this.capacity = capacity;
    }

    /** The open candidate of {@code key}, built by {@code build} if missing; the eldest past capacity is closed. */
    synchronized Candidate get(ReferenceKey key, Supplier<Candidate> build) {
        if (closed) {
            throw new IllegalStateException("the reference cache is closed");
        }
        Candidate candidate = candidates.get(key);
        if (candidate == null) {
            candidate = build.get();
            candidates.put(key, candidate);
            Iterator<Candidate> eldest = candidates.values().iterator();
            while (candidates.size() > capacity) {
                eldest.next().close();
                eldest.remove();
            }
        }
        return candidate;
    }

    /** Closes and forgets the candidate of {@code key}, e.g. after one of its runs failed. */
    synchronized void evict(ReferenceKey key) {
        Candidate candidate = candidates.remove(key);
        if (candidate != null) {
            candidate.close();
        }
    }

    synchronized int size() {
        return candidates.size();
    }

    /** Closes every candidate; idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        RuntimeException failure = null;
        for (Candidate candidate : candidates.values()) {
            try {
                candidate.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        candidates.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
