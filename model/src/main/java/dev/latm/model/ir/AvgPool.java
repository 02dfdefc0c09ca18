package dev.latm.model.ir;

/**
 * Average pool with kernel = stride, in ceil mode: a window cut by the border averages only the
 * values inside, so the output size ceil(size / stride) matches the strided convolution beside it.
 */
public record AvgPool(String name, String input, Shape inputShape, Shape outputShape, int kernel)
        implements UnaryLayer {

    @Override
    public int stride() {
        return kernel;
    }

    @Override
    public String op() {
        return "avgpool";
    }
}
