package dev.latm.runtime.onnx;

import java.nio.FloatBuffer;

/**
 * The smallest and largest value a tensor took over a calibration pass.
 *
 * @param min smallest value seen
 * @param max largest value seen, >= min
 */
record ValueRange(float min, float max) {

    ValueRange {
        if (!(min <= max) || !Float.isFinite(min) || !Float.isFinite(max)) {
            throw new IllegalArgumentException("a value range needs finite min <= max, got [" + min + ", " + max + "]");
        }
    }

    /** The range of {@code values}, a non-empty array. */
    static ValueRange of(float[] values) {
        return of(FloatBuffer.wrap(values));
    }

    /** The range of the remaining values of {@code values}, read without moving its position. */
    static ValueRange of(FloatBuffer values) {
        int from = values.position();
        int to = values.limit();
        if (from >= to) {
            throw new IllegalArgumentException("the range of an empty tensor is undefined");
        }
        float min = values.get(from);
        float max = min;
        for (int i = from + 1; i < to; i++) {
            float value = values.get(i);
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        return new ValueRange(min, max);
    }

    /** The smallest range holding both. */
    ValueRange union(ValueRange other) {
        return new ValueRange(Math.min(min, other.min), Math.max(max, other.max));
    }
}
