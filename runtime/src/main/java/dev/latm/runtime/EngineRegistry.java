package dev.latm.runtime;

import dev.latm.runtime.jvm.JavaEngine;
import dev.latm.runtime.onnx.OnnxRuntimeEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The engines a process can run, by name: the one place engines are looked up.
 *
 * <p>Engines are created on first use, never before: ONNX Runtime loads a 20 MB native library, which
 * a process measuring with {@code java} must not pay for (and which may not load at all on some
 * hosts). An engine that cannot be created on this host is {@linkplain #status() reported} with the
 * reason, and asking for it throws {@link EngineUnavailableException}; the others work as usual.
 * Thread-safe; each engine is created at most once per registry.
 */
public final class EngineRegistry {
    /** The engine a request gets when it names none. */
    public static final String DEFAULT_ENGINE = OnnxRuntimeEngine.NAME;

    // A lambda, not a method reference: its body names the engine class, so neither the class nor its
    // native library is loaded until the engine is first asked for.
    private static final EngineRegistry STANDARD = new EngineRegistry(List.of(
            new Entry(OnnxRuntimeEngine.NAME, Set.of(Dtype.FLOAT32, Dtype.INT8), () -> OnnxRuntimeEngine.create()),
            new Entry(JavaEngine.NAME, Set.of(Dtype.FLOAT32), () -> JavaEngine.create())));

    private final Map<String, Slot> engines = new LinkedHashMap<>();

    /**
     * An engine by name and how to create it.
     *
     * @param dtypes  the numeric formats the engine runs, known without creating it (a refusal names the
     *                engines that run a format; {@link Engine#dtypes()} must agree, which a test checks)
     * @param factory called once, on first use; throws {@link RuntimeException} or {@link LinkageError}
     *                when the engine cannot run on this host
     */
    public record Entry(String name, Set<Dtype> dtypes, Supplier<? extends Engine> factory) {
        public Entry {
            dtypes = Set.copyOf(dtypes);
        }
    }

    /**
     * An engine as this host sees it.
     *
     * @param version           the engine's version; empty when it is unavailable
     * @param unavailableReason why the engine cannot run here; empty when it can
     */
    public record Status(String name, String version, String unavailableReason) {
        public boolean available() {
            return unavailableReason.isEmpty();
        }
    }

    /** @param entries in order of preference; the first named is listed first */
    public EngineRegistry(List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("an engine registry needs at least one engine");
        }
        for (Entry entry : entries) {
            if (engines.putIfAbsent(entry.name(), new Slot(entry)) != null) {
                throw new IllegalArgumentException("engine '" + entry.name() + "' is registered twice");
            }
        }
    }

    /** The engines latm ships ({@code onnxruntime}, {@code java}), shared by the whole process. */
    public static EngineRegistry standard() {
        return STANDARD;
    }

    /** Every engine's name, in order of preference. Creates nothing. */
    public List<String> names() {
        return List.copyOf(engines.keySet());
    }

    public boolean contains(String name) {
        return engines.containsKey(name);
    }

    /** The formats the engine called {@code name} runs; creates nothing. */
    public Set<Dtype> dtypes(String name) {
        Slot slot = engines.get(name);
        if (slot == null) {
            throw new UnknownEngineException(unknown(name));
        }
        return slot.entry.dtypes();
    }

    /** Every engine's name with the formats it runs, in order of preference; creates nothing. */
    public Map<String, Set<Dtype>> dtypesByName() {
        Map<String, Set<Dtype>> byName = new LinkedHashMap<>();
        engines.values().forEach(slot -> byName.put(slot.entry.name(), slot.entry.dtypes()));
        return byName;
    }

    /**
     * The names of the engines that run {@code dtype}, in order of preference: what a refusal names,
     * e.g. "INT8 runs on: onnxruntime". Creates nothing.
     */
    public List<String> supporting(Dtype dtype) {
        return engines.values().stream().filter(slot -> slot.entry.dtypes().contains(dtype))
                .map(slot -> slot.entry.name()).toList();
    }

    /**
     * What to say about a name that is not here, wherever an engine is named (a request, a flag):
     * {@code unknown engine 'tflite': this build has onnxruntime, java}.
     */
    public String unknown(String name) {
        return "unknown engine '" + name + "': this build has " + String.join(", ", engines.keySet());
    }

    /**
     * The engine called {@code name}, created on first use.
     *
     * @throws UnknownEngineException     when there is none by that name (the message lists those that exist)
     * @throws EngineUnavailableException when it cannot run on this host (the message says why)
     */
    public Engine get(String name) {
        Slot slot = engines.get(name);
        if (slot == null) {
            throw new UnknownEngineException(unknown(name));
        }
        return slot.engine();
    }

    /** Every engine with its version or why it cannot run here. Creates every engine not created yet. */
    public List<Status> status() {
        return engines.values().stream().map(Slot::status).toList();
    }

    /** One engine, created on first use; a failure to create it is kept, not retried. */
    private static final class Slot {
        private final Entry entry;
        private Engine engine;
        private String unavailableReason;

        Slot(Entry entry) {
            this.entry = entry;
        }

        synchronized Engine engine() {
            create();
            if (engine == null) {
                throw new EngineUnavailableException(entry.name(), unavailableReason);
            }
            return engine;
        }

        synchronized Status status() {
            create();
            return engine == null ? new Status(entry.name(), "", unavailableReason)
                    : new Status(entry.name(), engine.version(), "");
        }

        private void create() {
            if (engine != null || unavailableReason != null) {
                return;
            }
            try {
                engine = entry.factory().get();
            } catch (RuntimeException | LinkageError e) {
                // A native library that does not load, a JVM without the Vector API: permanent for this
                // process, so remembered rather than retried on every request.
                unavailableReason = e.getMessage() == null ? e.toString() : e.getMessage();
            }
        }
    }
}
