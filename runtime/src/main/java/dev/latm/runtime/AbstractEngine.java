package dev.latm.runtime;

import java.util.Objects;
import java.util.Set;

/**
 * What every engine reports about itself, held in one place: its name, its version and the numeric
 * formats it builds. An engine extends this and implements only building and profiling.
 */
public abstract class AbstractEngine implements Engine {
    private final String name;
    private final String version;
    private final Set<Dtype> dtypes;

    /**
     * @param name    what requests select the engine by
     * @param version the runtime's version, part of every result's key
     * @param dtypes  the numeric formats {@link #build} and {@link #profile} accept
     */
    protected AbstractEngine(String name, String version, Set<Dtype> dtypes) {
        this.name = Objects.requireNonNull(name, "name");
        this.version = Objects.requireNonNull(version, "version");
        this.dtypes = Set.copyOf(dtypes);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String version() {
        return version;
    }

    @Override
    public final Set<Dtype> dtypes() {
        return dtypes;
    }
}
