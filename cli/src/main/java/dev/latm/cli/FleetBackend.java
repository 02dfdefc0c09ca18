package dev.latm.cli;

import dev.latm.client.ClientOptions;
import dev.latm.client.Fleet;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Several devices behind one round-robin channel, a few Measure calls in flight. */
final class FleetBackend extends MeasurementBackend {
    /** Codes that say something about the candidate, not about the fleet: they become error rows. */
    private static final Set<Status.Code> CANDIDATE_FAILURES = EnumSet.of(Status.Code.INVALID_ARGUMENT,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.FAILED_PRECONDITION, Status.Code.INTERNAL,
            Status.Code.DEADLINE_EXCEEDED);
    private static final int DNS_DEFAULT_IN_FLIGHT = 4;

    private final Fleet fleet;
    private final int inFlight;
    private final Object listenerLock = new Object();

    private FleetBackend(Fleet fleet, int inFlight, String description) {
        super(description);
        this.fleet = fleet;
        this.inFlight = inFlight;
    }

    /**
     * @param hosts    the listed devices, or empty for a dns:/// name
     * @param inFlight calls outstanding; 0 = two per listed device (one measuring, one queued behind
     *                 it, so no device idles between calls), or 4 for a dns name
     */
    static FleetBackend open(TargetOptions target, List<String> hosts, int inFlight) {
        ClientOptions options = target.clientOptions();
        int calls = inFlight > 0 ? inFlight : hosts.isEmpty() ? DNS_DEFAULT_IN_FLIGHT : 2 * hosts.size();
        Fleet fleet = hosts.isEmpty() ? Fleet.connect(options) : Fleet.of(hosts, options);
        String what = hosts.isEmpty() ? target.target : "a fleet of " + hosts.size() + " devices";
        return new FleetBackend(fleet, calls, what + " (round robin, " + calls + " in flight)");
    }

    @Override
    void run(List<Architecture> architectures, MeasurementOptions options, Listener listener)
            throws InterruptedException {
        fleet.measureAll(architectures, options, inFlight, new Fleet.ResultListener() {
            @Override
            public void onResult(int index, MeasureResponse response) {
                synchronized (listenerLock) {
                    listener.onResult(index, response.toBuilder().setIndex(index).build());
                }
            }

            @Override
            public void onError(int index, StatusRuntimeException error) {
                if (!CANDIDATE_FAILURES.contains(error.getStatus().getCode())) {
                    throw error;
                }
                com.google.rpc.Status status = StatusProto.fromThrowable(error);
                if (status == null) {
                    status = com.google.rpc.Status.newBuilder().setCode(error.getStatus().getCode().value())
                            .setMessage(String.valueOf(error.getStatus().getDescription())).build();
                }
                MeasureResponse failed = MeasureResponse.newBuilder().setIndex(index)
                        .setName(architectures.get(index).getName()).setError(status).build();
                synchronized (listenerLock) {
                    listener.onResult(index, failed);
                }
            }
        });
    }

    @Override
    public void close() {
        fleet.close();
    }
}
