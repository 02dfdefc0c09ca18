package dev.latm.cli.search;

import dev.latm.proto.v1.Architecture;

/**
 * One evaluated candidate.
 *
 * @param number         1-based, in proposal order
 * @param genotype       the choices
 * @param architecture   the network they decode to
 * @param summary        {@link SearchSpace#summary} of the genotype
 * @param architectureId canonical id (from the device, or computed locally when it failed)
 * @param deviceId       device that measured it; "" when it failed
 * @param latencyMs      LAT(m), the median; NaN when it failed
 * @param accuracy       ACC(m); null when it failed
 * @param reward         R(m); NaN when it failed
 * @param macs           multiply-adds at the measured input size; 0 when it failed
 * @param params         inference-form parameters; 0 when it failed
 * @param fromStore      whether the device answered from its result store
 * @param error          why it has no latency, or null
 */
public record Trial(int number, Genotype genotype, Architecture architecture, String summary, String architectureId,
                    String deviceId, double latencyMs, Accuracy accuracy, double reward, long macs, long params,
                    boolean fromStore, String error) {

    /** Whether the candidate was measured and rewarded. */
    public boolean ok() {
        return error == null;
    }
}
