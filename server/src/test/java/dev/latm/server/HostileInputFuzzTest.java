package dev.latm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.latm.model.spec.Limits;
import dev.latm.proto.v1.GetDeviceInfoRequest;
import dev.latm.proto.v1.Input;
import dev.latm.proto.v1.MeasureResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The hostile probe, kept: {@value #DEFAULT_CASES} generated or mutated architectures and raw payloads
 * ({@link HostileInputs}) against a real server over loopback, from {@value #CLIENTS} clients at once.
 * Every reply must be OK, INVALID_ARGUMENT or RESOURCE_EXHAUSTED (in MeasureBatch, every candidate's
 * error too), never UNKNOWN or INTERNAL, and the server must be healthy after.
 *
 * <p>Each run takes a fresh seed and prints it; {@code -Dlatm.fuzz.seed=N} replays a run, and
 * {@code -Dlatm.fuzz.cases=N} changes how many cases it sends. Mostly Analyze and raw bytes, which
 * exercise decoding and validation; a few Measures with tiny options, against limits that keep any
 * measurement they let through cheap.
 */
class HostileInputFuzzTest {
    static final int DEFAULT_CASES = 10_000;
    static final int CLIENTS = 4;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Set<Status.Code> ALLOWED = Set.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
            Status.Code.RESOURCE_EXHAUSTED);

    @Test
    void everyReplyIsOkInvalidArgumentOrResourceExhaustedAndTheServerStaysHealthy() throws Exception {
        long seed = Long.getLong("latm.fuzz.seed", new SplittableRandom().nextLong());
        int cases = Integer.getInteger("latm.fuzz.cases", DEFAULT_CASES);
        System.out.println("HostileInputFuzzTest: seed " + seed + ", " + cases + " cases (replay with "
                + "-Dlatm.fuzz.seed=" + seed + ")");
        Logger undecodable = (Logger) LoggerFactory.getLogger(UndecodableRequests.class);
        Level level = undecodable.getLevel();
        undecodable.setLevel(Level.ERROR); // one WARN line per undecodable call is right, thousands in a test not
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        try (TestServer server = TestServer.start(TestServer.config()
                .limits(Limits.builder().maxResolution(128).maxBatch(2).maxMacs(50_000_000).maxParams(3_000_000)
                        .maxActivationBytes(64L << 20).build())
                .maxRuns(100).maxSeconds(1).maxBatchSize(16).queueCapacity(256))) {
            List<Future<Tally>> tallies = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                long clientSeed = seed + client;
                int share = cases / CLIENTS + (client < cases % CLIENTS ? 1 : 0);
                tallies.add(clients.submit(() -> send(server, clientSeed, share)));
            }
            Tally total = new Tally();
            for (Future<Tally> tally : tallies) {
                total.add(tally.get());
            }
            System.out.println("HostileInputFuzzTest: " + total.codes + " in "
                    + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");

            assertTrue(total.failures.isEmpty(), "seed " + seed + " (replay with -Dlatm.fuzz.seed=" + seed + "): "
                    + total.failures.size() + " replies outside " + ALLOWED + ", e.g.\n"
                    + String.join("\n", total.failures.subList(0, Math.min(10, total.failures.size()))));
            assertEquals(cases, total.codes.values().stream().mapToInt(Integer::intValue).sum());
            for (Status.Code code : ALLOWED) {
                assertTrue(total.codes.getOrDefault(code, 0) > 0, "no " + code + " among " + total.codes
                        + ": the generator has lost a class of input (seed " + seed + ")");
            }
            assertHealthy(server);
        } finally {
            clients.shutdownNow();
            undecodable.setLevel(level);
        }
    }

    /** How one client's replies ended, and a description of each that should not have. */
    private static final class Tally {
        final Map<Status.Code, Integer> codes = new EnumMap<>(Status.Code.class);
        final List<String> failures = new ArrayList<>();

        void add(Tally other) {
            other.codes.forEach((code, count) -> codes.merge(code, count, Integer::sum));
            failures.addAll(other.failures);
        }
    }

    private static Tally send(TestServer server, long seed, int cases) {
        HostileInputs inputs = new HostileInputs(seed);
        Tally tally = new Tally();
        for (int i = 0; i < cases; i++) {
            HostileInputs.Case next = inputs.next();
            List<String> candidateErrors = new ArrayList<>();
            Status.Code code;
            try {
                RawCalls.call(server.channel(), HostileInputs.fullName(next.method()), next.type(), next.payload(),
                        DEADLINE, response -> candidateErrors.addAll(badCandidateErrors(next, response)));
                code = Status.Code.OK;
            } catch (StatusRuntimeException e) {
                code = e.getStatus().getCode();
                if (!ALLOWED.contains(code)) {
                    tally.failures.add("client seed " + seed + ", case " + i + ": " + e.getStatus() + " for "
                            + next.describe());
                }
            }
            for (String error : candidateErrors) {
                tally.failures.add("client seed " + seed + ", case " + i + ": " + error + " for " + next.describe());
            }
            tally.codes.merge(code, 1, Integer::sum);
        }
        return tally;
    }

    /** A MeasureBatch answers failed candidates in band: their codes must be allowed too. */
    private static List<String> badCandidateErrors(HostileInputs.Case sent, byte[] response) {
        if (!sent.method().equals("MeasureBatch")) {
            return List.of();
        }
        try {
            MeasureResponse candidate = MeasureResponse.parseFrom(response);
            Status.Code code = Status.fromCodeValue(candidate.getError().getCode()).getCode();
            return ALLOWED.contains(code) ? List.of()
                    : List.of("candidate " + candidate.getIndex() + " failed with " + code + ": "
                            + candidate.getError().getMessage());
        } catch (InvalidProtocolBufferException e) {
            return List.of("a MeasureBatch response that does not parse: " + e.getMessage());
        }
    }

    private static void assertHealthy(TestServer server) {
        assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(server.channel())
                .check(HealthCheckRequest.getDefaultInstance()).getStatus());
        assertEquals("test-device", server.blocking().getDeviceInfo(GetDeviceInfoRequest.getDefaultInstance())
                .getDeviceId());
        assertTrue(server.blocking().measure(Candidates.request(Candidates.small().toBuilder()
                .setInput(Input.newBuilder().setResolution(Candidates.RESOLUTION)).build(), Candidates.quick()))
                .getLatency().getMedianMs() > 0);
    }
}
