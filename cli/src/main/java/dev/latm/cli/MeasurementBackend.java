package dev.latm.cli;

import dev.latm.cli.search.LocalCompiler;
import dev.latm.model.spec.InvalidArchitectureException;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where batch and search send many candidates, chosen from {@code --target}:
 * <ul>
 *   <li>none (the embedded server) or one {@code host:port}: MeasureBatch, one stream, the
 *       device measuring them one after another ({@link StreamBackend});</li>
 *   <li>several {@code host:port,host:port}, or a {@code dns:///name:port} that resolves to every
 *       device: a {@link dev.latm.client.Fleet}, round-robin, a few calls in flight
 *       ({@link FleetBackend}). Every result keeps the id of the device that measured it.</li>
 * </ul>
 */
abstract class MeasurementBackend implements AutoCloseable {
    private final String description;

    /** @param description where the candidates go, for the command's first line */
    MeasurementBackend(String description) {
        this.description = description;
    }

    /** Receives each result as it arrives, one at a time (never concurrently). */
    @FunctionalInterface
    interface Listener {
        void onResult(int index, MeasureResponse response);
    }

    /**
     * @param callSize most candidates one call will carry; a MeasureBatch stream's deadline is
     *                 {@code --deadline} times this, since one deadline covers the whole stream
     * @param inFlight calls a fleet keeps outstanding; 0 = two per listed device, 4 for a dns name
     */
    static MeasurementBackend open(TargetOptions target, Path store, int callSize, int inFlight) {
        if (inFlight < 0) {
            throw new IllegalArgumentException("--in-flight must be >= 1 (got " + inFlight + ")");
        }
        if (isFleet(target.target)) {
            return FleetBackend.open(target, hosts(target.target), inFlight);
        }
        return StreamBackend.open(target, store, callSize);
    }

    /** A comma-separated list of devices, or a dns:/// name (which may resolve to many). */
    static boolean isFleet(String target) {
        return target != null && (target.contains(",") || target.startsWith("dns:"));
    }

    /** The listed {@code host:port}s, or an empty list for a dns:/// name. */
    static List<String> hosts(String target) {
        if (target.startsWith("dns:")) {
            return List.of();
        }
        return Arrays.stream(target.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Measures every architecture, calling {@code listener} as results arrive (not necessarily in
     * order). A candidate that fails gets a response with {@code error} set, and an architecture id
     * computed locally when the server could not give one. Returns when all are done.
     *
     * @throws io.grpc.StatusRuntimeException when the device itself fails (unreachable, refused)
     */
    final void measureAll(List<Architecture> architectures, MeasurementOptions options, Listener listener)
            throws InterruptedException {
        if (architectures.isEmpty()) {
            return;
        }
        run(architectures, options, (index, response) -> {
            if (response.getArchitectureId().isEmpty()) {
                response = response.toBuilder().setArchitectureId(localId(architectures.get(index), options)).build();
            }
            listener.onResult(index, response);
        });
    }

    /** {@link #measureAll} collected in input order. */
    final List<MeasureResponse> measureInOrder(List<Architecture> architectures, MeasurementOptions options)
            throws InterruptedException {
        MeasureResponse[] responses = new MeasureResponse[architectures.size()];
        measureAll(architectures, options, (index, response) -> responses[index] = response);
        List<MeasureResponse> ordered = new ArrayList<>();
        for (int i = 0; i < responses.length; i++) {
            if (responses[i] == null) {
                throw new IllegalStateException("no result came back for candidate " + i);
            }
            ordered.add(responses[i]);
        }
        return ordered;
    }

    abstract void run(List<Architecture> architectures, MeasurementOptions options, Listener listener)
            throws InterruptedException;

    /** Where the candidates go, for the command's first line. */
    final String describe() {
        return description;
    }

    @Override
    public abstract void close();

    private static String localId(Architecture architecture, MeasurementOptions options) {
        try {
            return LocalCompiler.compile(architecture, options.getResolution(), options.getBatch()).id();
        } catch (InvalidArchitectureException e) {
            return "";
        }
    }
}
