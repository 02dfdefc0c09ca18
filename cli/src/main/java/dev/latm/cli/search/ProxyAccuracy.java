package dev.latm.cli.search;

import dev.latm.model.ir.NetworkCost;
import dev.latm.proto.v1.Architecture;

/**
 * A stand-in for accuracy when there is no trained model to ask: a deterministic, saturating
 * function of the network's size, so that a search has a trade-off to make against latency.
 * It is NOT an accuracy; it only encodes "bigger networks tend to be more accurate, with
 * diminishing returns":
 *
 * <pre>
 *   capacity = MACs^0.6 * params^0.4        (MACs and inference-form params at the network's own input size)
 *   ACC_proxy = 0.85 * capacity / (capacity + 6.7e6)
 * </pre>
 *
 * The constants put MobileNetV3-Large (217M MACs, 5.5M params) at 0.75 and MobileNetV3-Small
 * (57M MACs, 2.5M params) at 0.60, roughly where their ImageNet top-1 lie, so rewards have a
 * familiar scale. Real searches pass {@code --accuracy-cmd}, which trains or evaluates.
 */
public final class ProxyAccuracy implements AccuracySource {
    static final double CEILING = 0.85;
    static final double HALF_SATURATION = 6.7e6;
    static final double MACS_WEIGHT = 0.6;

    @Override
    public Accuracy evaluate(int trial, Architecture architecture, String architectureId) {
        NetworkCost cost = LocalCompiler.compile(architecture, 0, 0).cost();
        return new Accuracy(of(cost.macs(), cost.params()), Accuracy.Source.proxy);
    }

    /** The proxy for a network of {@code macs} multiply-adds and {@code params} parameters. */
    static double of(long macs, long params) {
        double capacity = Math.exp(MACS_WEIGHT * Math.log(Math.max(macs, 1))
                + (1 - MACS_WEIGHT) * Math.log(Math.max(params, 1)));
        return CEILING * capacity / (capacity + HALF_SATURATION);
    }

    @Override
    public String describe() {
        return "ACC is a proxy, not a trained accuracy: 0.85 * c / (c + 6.7e6) with c = MACs^0.6 * params^0.4 "
                + "at the network's own input size (pass --accuracy-cmd to use a real evaluation)";
    }
}
