package dev.latm.model.ir;

import java.util.List;

/** A layer that reads one other layer's output: everything but {@link Add}. */
public sealed interface UnaryLayer extends Layer permits Conv, SqueezeExcite, AvgPool, GlobalAvgPool, Linear {

    /** The name of the layer it reads ({@link Network#INPUT} for the image). */
    String input();

    @Override
    default List<String> inputs() {
        return List.of(input());
    }
}
