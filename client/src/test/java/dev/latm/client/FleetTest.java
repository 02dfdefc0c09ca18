package dev.latm.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.server.LatmServer;
import dev.latm.server.TestServers;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A fleet of three real servers on loopback, each a distinct device. */
class FleetTest {
    private static final List<String> IDS = List.of("device-a", "device-b", "device-c");
    private static final LatmServer[] SERVERS = new LatmServer[IDS.size()];

    @BeforeAll
    static void startFleet() throws Exception {
        for (int i = 0; i < IDS.size(); i++) {
            SERVERS[i] = TestServers.start(TestServers.loopback().deviceId(IDS.get(i)));
        }
    }

    @AfterAll
    static void stopFleet() throws Exception {
        TestServers.stopAll(SERVERS);
    }

    @Test
    void measureAllSpreadsOverEveryDeviceAndLosesNothing() throws Exception {
        Map<String, String> idByAddress = new HashMap<>();
        for (int i = 0; i < SERVERS.length; i++) {
            try (LatmClient direct = LatmClient.connect(ClientOptions.plaintext(address(i)))) {
                // what each server says it is, asked directly: the truth device ids are checked against
                idByAddress.put(address(i), direct.deviceInfo().getDeviceId());
            }
        }
        assertEquals(Set.copyOf(IDS), Set.copyOf(idByAddress.values()));
        Map<String, Double> before = measuredPerDevice();
        List<Architecture> candidates = TestServers.tinyArchitectures(9);
        Map<Integer, MeasureResponse> results = new ConcurrentHashMap<>();
        try (Fleet fleet = Fleet.of(List.copyOf(idByAddress.keySet()), ClientOptions.plaintext("unused"))) {
            awaitEveryDeviceConnected(fleet);
            fleet.measureAll(candidates, TestServers.cheap(), 3, (index, response) ->
                    assertNull(results.put(index, response), "candidate " + index + " reported twice"));
        }
        assertEquals(candidates.size(), results.size());
        Map<String, Integer> resultsPerDevice = new HashMap<>();
        for (int index = 0; index < candidates.size(); index++) {
            MeasureResponse response = results.get(index);
            // the result is for the candidate at its index, not a neighbour's
            assertEquals(CompiledArchitecture.compile(candidates.get(index), Limits.DEFAULT, 64, 0).id(), response.getArchitectureId());
            resultsPerDevice.merge(response.getDeviceId(), 1, Integer::sum);
        }
        assertEquals(Set.copyOf(IDS), resultsPerDevice.keySet(), "every device measured some: " + resultsPerDevice);
        // each device counted exactly the measurements whose results carry its id
        Map<String, Double> after = measuredPerDevice();
        for (String id : IDS) {
            assertEquals(resultsPerDevice.get(id).doubleValue(), after.get(id) - before.get(id), id);
        }
    }

    /** Round robin spreads calls over the READY devices only; a few cheap calls make sure all three are. */
    private static void awaitEveryDeviceConnected(Fleet fleet) {
        Set<String> seen = new HashSet<>();
        for (int call = 0; call < 60 && seen.size() < IDS.size(); call++) {
            seen.add(fleet.client().deviceInfo().getDeviceId());
        }
        assertEquals(Set.copyOf(IDS), seen);
    }

    private static Map<String, Double> measuredPerDevice() {
        Map<String, Double> counts = new HashMap<>();
        for (int i = 0; i < SERVERS.length; i++) {
            counts.put(IDS.get(i), TestServers.measured(SERVERS[i]));
        }
        return counts;
    }

    private static String address(int server) {
        return "127.0.0.1:" + SERVERS[server].port();
    }
}
