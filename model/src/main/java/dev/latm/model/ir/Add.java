package dev.latm.model.ir;

import java.util.List;

/** Element-wise sum of a block's output and its skip path. */
public record Add(String name, String left, String right, Shape inputShape) implements Layer {

    @Override
    public List<String> inputs() {
        return List.of(left, right);
    }

    @Override
    public String op() {
        return "add";
    }
}
