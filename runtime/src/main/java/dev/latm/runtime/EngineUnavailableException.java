package dev.latm.runtime;

/** An engine this build has cannot run on this host (its native library does not load, ...). */
public final class EngineUnavailableException extends EngineException {
    private static final long serialVersionUID = 1L;

    EngineUnavailableException(String engine, String reason) {
        super("engine '" + engine + "' cannot run on this host: " + reason);
    }
}
