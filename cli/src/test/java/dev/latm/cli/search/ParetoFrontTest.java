package dev.latm.cli.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.Code;
import com.google.rpc.Status;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.LatencyStatistics;
import dev.latm.proto.v1.MeasureResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {

    @Test
    void keepsTheNonDominatedTrialsFastestFirst() {
        Trial a = trial(1, 3.0, 0.70);
        Trial b = trial(2, 1.0, 0.60);
        Trial c = trial(3, 2.0, 0.55);   // dominated by b: slower and less accurate
        Trial d = trial(4, 4.0, 0.70);   // dominated by a: slower, equally accurate
        Trial e = trial(5, 5.0, 0.80);
        Trial f = trial(6, 1.0, 0.50);   // dominated by b: as fast, less accurate
        Trial failed = new Trial(7, null, Architecture.getDefaultInstance(), "", MeasureResponse.newBuilder()
                .setError(Status.newBuilder().setCode(Code.INTERNAL.getNumber()).setMessage("boom")).build(), null,
                Double.NaN);
        List<Trial> front = ParetoFront.of(List.of(a, b, c, d, e, f, failed));
        assertEquals(List.of(b, a, e), front);
        assertTrue(ParetoFront.dominates(b, c));
        assertTrue(ParetoFront.dominates(a, d));
        assertFalse(ParetoFront.dominates(a, e));
        assertFalse(ParetoFront.dominates(a, a), "a point does not dominate itself");
    }

    @Test
    void ofSeveralTrialsAtOnePointTheEarliestStays() {
        Trial first = trial(1, 2.0, 0.6);
        Trial same = trial(2, 2.0, 0.6);
        assertEquals(List.of(first), ParetoFront.of(List.of(same, first)));
    }

    static Trial trial(int number, double latencyMs, double accuracy) {
        MeasureResponse response = MeasureResponse.newBuilder().setArchitectureId("id" + number).setDeviceId("dev")
                .setLatency(LatencyStatistics.newBuilder().setMedianMs(latencyMs)).build();
        return new Trial(number, null, Architecture.getDefaultInstance(), "", response,
                new Accuracy(accuracy, Accuracy.Source.proxy), accuracy);
    }
}
