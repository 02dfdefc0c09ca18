package dev.latm.model.ir;

import dev.latm.model.spec.Activation;

/** Fully connected layer with bias on a pooled [N, C, 1, 1] vector, then an activation. */
public record Linear(String name, String input, Shape inputShape, int outFeatures, Activation activation)
        implements UnaryLayer {

    public Linear {
        if (inputShape.height() != 1 || inputShape.width() != 1) {
            throw new IllegalArgumentException(name + ": a linear layer takes a pooled vector, got " + inputShape);
        }
    }

    public int inFeatures() {
        return inputShape.channels();
    }

    @Override
    public Shape outputShape() {
        return new Shape(inputShape.batch(), outFeatures, 1, 1);
    }

    @Override
    public String op() {
        return "linear";
    }

    @Override
    public long macs() {
        return (long) inputShape.batch() * inFeatures() * outFeatures;
    }

    @Override
    public long params() {
        return (long) inFeatures() * outFeatures + outFeatures;
    }
}
