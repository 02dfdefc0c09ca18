package dev.latm.runtime;

import java.util.Set;

/**
 * A request asked an engine for a numeric format it does not run. The caller's mistake, not the
 * engine's failure, so it is an {@link IllegalArgumentException}: the service answers
 * INVALID_ARGUMENT and names the engines that do run the format.
 */
public final class UnsupportedDtypeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String engine;
    private final Dtype dtype;
    private final Set<Dtype> supported;

    /**
     * @param why one clause saying why the engine lacks the format, for the message
     */
    public UnsupportedDtypeException(String engine, Dtype dtype, Set<Dtype> supported, String why) {
        super("the " + engine + " engine does not run " + dtype + " (it runs " + supported + "): " + why);
        this.engine = engine;
        this.dtype = dtype;
        this.supported = Set.copyOf(supported);
    }

    public String engine() {
        return engine;
    }

    public Dtype dtype() {
        return dtype;
    }

    public Set<Dtype> supported() {
        return supported;
    }
}
