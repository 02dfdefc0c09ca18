package dev.latm.model.ir;

/** An NCHW float tensor shape. Vectors after global pooling are [N, C, 1, 1]. */
public record Shape(int batch, int channels, int height, int width) {

    public Shape {
        if (batch < 1 || channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("shape dimensions must be >= 1: " + batch + "x" + channels + "x"
                    + height + "x" + width);
        }
    }

    public long elements() {
        return (long) batch * channels * height * width;
    }

    /** Elements of one image of the batch. */
    public int imageElements() {
        return Math.multiplyExact(Math.multiplyExact(channels, height), width);
    }

    public long bytes() {
        return elements() * Float.BYTES;
    }

    public Shape withChannels(int newChannels) {
        return new Shape(batch, newChannels, height, width);
    }

    public int[] toArray() {
        return new int[] {batch, channels, height, width};
    }

    @Override
    public String toString() {
        return "[" + batch + ", " + channels + ", " + height + ", " + width + "]";
    }
}
