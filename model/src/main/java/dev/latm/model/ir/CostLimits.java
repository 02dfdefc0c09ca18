package dev.latm.model.ir;

import dev.latm.model.spec.InvalidArchitectureException;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Violation;
import java.util.ArrayList;
import java.util.List;

/** Checks a network's static cost and derived widths against a server's limits, before anything is allocated. */
public final class CostLimits {
    private CostLimits() {
    }

    /**
     * @throws InvalidArchitectureException with one limit violation per exceeded limit, and one per
     *                                      field whose derived widths exceed max_channels ({@link WidthLimits})
     */
    public static void check(Network network, NetworkCost cost, Limits limits) {
        List<Violation> violations = new ArrayList<>(WidthLimits.violations(network, limits));
        if (cost.macs() > limits.maxMacs()) {
            violations.add(Violation.overLimit("architecture", "needs " + cost.macs()
                    + " multiply-adds, over the server limit max_macs = " + limits.maxMacs()));
        }
        if (cost.params() > limits.maxParams()) {
            violations.add(Violation.overLimit("architecture", "has " + cost.params()
                    + " parameters, over the server limit max_params = " + limits.maxParams()));
        }
        if (cost.peakActivationBytes() > limits.maxActivationBytes()) {
            violations.add(Violation.overLimit("architecture", "needs " + cost.peakActivationBytes()
                    + " bytes of activations at peak, over the server limit max_activation_bytes = "
                    + limits.maxActivationBytes()));
        }
        if (!violations.isEmpty()) {
            throw new InvalidArchitectureException(violations);
        }
    }
}
