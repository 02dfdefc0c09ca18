package dev.latm.cli.search;

import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;
import java.util.List;

/** Gives LAT(m): measures candidates on a latm device (or a fleet of them). */
@FunctionalInterface
public interface LatencySource {

    /**
     * @return one response per candidate, in the order given; a candidate that could not be
     *         measured has {@code error} set
     * @throws io.grpc.StatusRuntimeException when the device cannot be used at all (unreachable,
     *                                        unauthenticated); that ends the search
     */
    List<MeasureResponse> measure(List<Architecture> candidates) throws InterruptedException;
}
