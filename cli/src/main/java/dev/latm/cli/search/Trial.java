package dev.latm.cli.search;

import dev.latm.client.results.ResultColumns;
import dev.latm.client.results.StatusText;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;

/**
 * One evaluated candidate.
 *
 * @param number       1-based, in proposal order
 * @param genotype     the choices
 * @param architecture the network they decode to
 * @param summary      {@link SearchSpace#summary} of the genotype
 * @param response     what the device answered: the measurement, or {@code error} when it failed
 * @param accuracy     ACC(m); null when it failed
 * @param reward       R(m); NaN when it failed
 * @param predictedMs  the LAT(m) a latency predictor gave it before it was measured (a screened search);
 *                     NaN when none did
 */
public record Trial(int number, Genotype genotype, Architecture architecture, String summary,
                    MeasureResponse response, Accuracy accuracy, double reward, double predictedMs) {

    /** A trial of a search that does not screen: nothing was predicted. */
    public Trial(int number, Genotype genotype, Architecture architecture, String summary, MeasureResponse response,
                 Accuracy accuracy, double reward) {
        this(number, genotype, architecture, summary, response, accuracy, reward, Double.NaN);
    }

    /** Whether the candidate was measured and rewarded. */
    public boolean ok() {
        return !response.hasError();
    }

    /** LAT(m): {@code lat_ms}, the anchored normalized_ms (the median without a reference); NaN when it failed. */
    public double latencyMs() {
        return ok() ? ResultColumns.latMs(response) : Double.NaN;
    }

    /** Canonical id, from the device (or computed locally when it failed). */
    public String architectureId() {
        return response.getArchitectureId();
    }

    /** The device that measured it; "" when none did. */
    public String deviceId() {
        return response.getDeviceId();
    }

    /** Multiply-adds at the measured input size. */
    public long macs() {
        return response.getCost().getMacs();
    }

    /** Inference-form parameters. */
    public long params() {
        return response.getCost().getParams();
    }

    /** Why it has no latency, as one line; null when it has one. */
    public String error() {
        return ok() ? null : StatusText.of(response.getError());
    }
}
