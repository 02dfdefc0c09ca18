package dev.latm.model.ir;

/** Mean over height and width: [N, C, H, W] to [N, C, 1, 1]. */
public record GlobalAvgPool(String name, String input, Shape inputShape) implements UnaryLayer {

    @Override
    public Shape outputShape() {
        return new Shape(inputShape.batch(), inputShape.channels(), 1, 1);
    }

    @Override
    public String op() {
        return "global_avgpool";
    }
}
