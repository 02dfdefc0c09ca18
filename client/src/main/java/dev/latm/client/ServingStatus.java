package dev.latm.client;

/**
 * A server's answer to the grpc.health.v1 check, as {@code grpc.health.v1.HealthCheckResponse.ServingStatus}
 * defines it (same names, same wire numbers).
 */
public enum ServingStatus {
    /** The server did not say (or sent a value this client does not know). */
    UNKNOWN,
    /** Ready for calls. */
    SERVING,
    /** Up but not taking calls, e.g. shutting down. */
    NOT_SERVING,
    /** The server has no such service; latm asks about the whole server, so it does not arise. */
    SERVICE_UNKNOWN;

    /** The status of wire number {@code number}; numbers from a newer health.proto read as UNKNOWN. */
    static ServingStatus forNumber(int number) {
        ServingStatus[] all = values();
        return number >= 0 && number < all.length ? all[number] : UNKNOWN;
    }
}
