package dev.latm.client;

import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several latm devices behind one channel: gRPC resolves every address (a static list, or
 * {@code dns:///latm-headless.NS.svc:50051} with one record per pod) and its {@code round_robin}
 * balancer spreads the calls. Each device measures one network at a time, so {@link #measureAll}
 * keeps a bounded number of calls in flight; every result carries the device id that produced it.
 *
 * <pre>{@code
 * try (Fleet fleet = Fleet.of(List.of("10.0.0.5:50051", "10.0.0.6:50051"), ClientOptions.plaintext("unused"))) {
 *     fleet.measureAll(candidates, options, 4, (index, result) -> save(index, result.getDeviceId(), result));
 * }
 * }</pre>
 */
public final class Fleet implements AutoCloseable {
    private final LatmClient client;

    private Fleet(LatmClient client) {
        this.client = client;
    }

    /** A fleet of a fixed list of {@code host:port} devices; {@code options.target()} is ignored. */
    public static Fleet of(List<String> hostPorts, ClientOptions options) {
        if (hostPorts.isEmpty()) {
            throw new IllegalArgumentException("a fleet needs at least one host:port");
        }
        StaticAddressResolver.register();
        return connect(withTarget(options, StaticAddressResolver.target(hostPorts)));
    }

    /** A fleet behind any gRPC target, typically {@code dns:///name:port} resolving to every device. */
    public static Fleet connect(ClientOptions options) {
        return new Fleet(LatmClient.owning(GrpcChannels.open(options, "round_robin"), options));
    }

    /** One measurement on whichever device the balancer picks next. */
    public MeasureResponse measure(Architecture architecture, MeasurementOptions options) {
        return client.measure(architecture, options);
    }

    /** Receives each result (or failure) as it arrives, from the fleet's worker threads. */
    public interface ResultListener {
        void onResult(int index, MeasureResponse response);

        default void onError(int index, StatusRuntimeException error) {
            throw error;
        }
    }

    /**
     * Measures every architecture with at most {@code inFlight} calls outstanding (one or two per
     * device keeps every device busy without piling up its queue), calling {@code listener} as
     * results arrive. Returns when all are done.
     */
    public void measureAll(List<Architecture> architectures, MeasurementOptions options, int inFlight,
                           ResultListener listener) throws InterruptedException {
        if (inFlight < 1) {
            throw new IllegalArgumentException("inFlight must be >= 1 (got " + inFlight + ")");
        }
        ExecutorService callers = Executors.newFixedThreadPool(inFlight, runnable -> {
            Thread thread = new Thread(runnable, "latm-fleet-caller");
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (int i = 0; i < inFlight; i++) {
                workers.add(callers.submit(() -> {
                    for (int index = next.getAndIncrement(); index < architectures.size();
                         index = next.getAndIncrement()) {
                        try {
                            listener.onResult(index, measure(architectures.get(index), options));
                        } catch (StatusRuntimeException e) {
                            listener.onError(index, e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                try {
                    worker.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }

    public LatmClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }

    private static ClientOptions withTarget(ClientOptions options, String target) {
        return new ClientOptions(target, options.deadline(), options.maxAttempts(), options.initialBackoff(),
                options.token(), options.trustedCa(), options.clientCert(), options.clientKey());
    }
}
