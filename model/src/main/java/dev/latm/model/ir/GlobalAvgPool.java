package dev.latm.model.ir;

import java.util.List;

/** Mean over height and width: [N, C, H, W] to [N, C, 1, 1]. */
public record GlobalAvgPool(String name, String input, Shape inputShape) implements Layer {

    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public Shape outputShape() {
        return new Shape(inputShape.batch(), inputShape.channels(), 1, 1);
    }

    @Override
    public String op() {
        return "global_avgpool";
    }
}
