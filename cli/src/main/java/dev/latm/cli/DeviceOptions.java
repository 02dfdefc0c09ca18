package dev.latm.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The device a measuring command works on: the server {@code --target} names (with its credentials),
 * or without it an in-process server with the result store {@code --store} names.
 */
final class DeviceOptions {

    @Option(names = "--store", paramLabel = "FILE",
            description = "Result store of the in-process server (default: none, always measure; the device's "
                    + "reference baselines are kept in LATM_STORE or ~/.latm/results.db all the same, so that separate "
                    + "calls share one scale). Ignored with --target: the server has its own.")
    Path store;

    @Mixin
    TargetOptions target;

    /** A client of --target, or of an in-process server on --store. */
    Connection connect() {
        return Connection.open(target, store);
    }

    /** Where many candidates go (one device's MeasureBatch streams, or a fleet): {@link MeasurementBackend#open}. */
    MeasurementBackend backend(int callSize, int inFlight) {
        return MeasurementBackend.open(target, store, callSize, inFlight);
    }

    /**
     * For a command about one device's own latency, which a fleet would mix up.
     *
     * @param why what needs one device, for the message
     * @throws IllegalArgumentException when --target names several devices
     */
    void requireOneDevice(String why) {
        if (MeasurementBackend.isFleet(target.target)) {
            throw new IllegalArgumentException("--target: " + why + "; give one HOST:PORT (got " + target.target + ")");
        }
    }
}
