package dev.latm.runtime.jvm;

import dev.latm.model.ir.Layer;
import dev.latm.model.ir.Network;
import dev.latm.model.ir.Shape;
import dev.latm.runtime.jvm.kernels.Lanes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Activation buffers for every layer output, shared by liveness: a buffer returns to the free list
 * after the last layer that reads its value, and a later output takes the smallest free buffer that
 * fits (or grows the largest one). A layer's output never shares a buffer with its own inputs, so
 * no kernel has to work in place. MobileNetV3-Large at 224 needs four buffers instead of ~60.
 */
final class BufferPlan {
    private final Map<String, float[]> byValue;
    private final long totalFloats;

    private BufferPlan(Map<String, float[]> byValue, long totalFloats) {
        this.byValue = byValue;
        this.totalFloats = totalFloats;
    }

    /** Floats of a layer output in the engine's layout (NHWC, channels padded to whole vectors). */
    static int floatsOf(Shape shape) {
        return Math.multiplyExact(Math.multiplyExact(shape.batch(), shape.height() * shape.width()),
                Lanes.padded(shape.channels()));
    }

    static BufferPlan plan(Network network) {
        List<Layer> layers = network.layers();
        Map<String, Integer> lastUse = network.lastReaders();
        List<Integer> sizes = new ArrayList<>();
        List<Integer> free = new ArrayList<>();
        Map<String, Integer> slotOf = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            int slot = take(free, sizes, floatsOf(layer.outputShape()));
            slotOf.put(layer.name(), slot);
            for (String input : layer.inputs()) {
                Integer inputSlot = slotOf.get(input);
                // the input's buffer is free once this layer, its last reader, has run (once per value)
                if (inputSlot != null && lastUse.get(input) == i && !free.contains(inputSlot)) {
                    free.add(inputSlot);
                }
            }
        }
        float[][] buffers = new float[sizes.size()][];
        long total = 0;
        for (int slot = 0; slot < buffers.length; slot++) {
            buffers[slot] = new float[sizes.get(slot)];
            total += sizes.get(slot);
        }
        Map<String, float[]> byValue = new HashMap<>();
        slotOf.forEach((value, slot) -> byValue.put(value, buffers[slot]));
        return new BufferPlan(byValue, total);
    }

    /** Takes the smallest free slot that fits, else grows the largest free one, else opens a new one. */
    private static int take(List<Integer> free, List<Integer> sizes, int floats) {
        int best = -1;
        for (int slot : free) {
            int size = sizes.get(slot);
            boolean fits = size >= floats;
            if (best < 0) {
                best = slot;
            } else {
                int bestSize = sizes.get(best);
                boolean bestFits = bestSize >= floats;
                if (fits && (!bestFits || size < bestSize) || !fits && !bestFits && size > bestSize) {
                    best = slot;
                }
            }
        }
        if (best < 0) {
            sizes.add(floats);
            return sizes.size() - 1;
        }
        free.remove(Integer.valueOf(best));
        sizes.set(best, Math.max(sizes.get(best), floats));
        return best;
    }

    /** The buffer holding {@code value}, a layer name. */
    float[] of(String value) {
        float[] buffer = byValue.get(value);
        if (buffer == null) {
            throw new IllegalArgumentException("no buffer for '" + value + "'");
        }
        return buffer;
    }

    /** Floats allocated for activations in all. */
    long totalFloats() {
        return totalFloats;
    }

    int buffers() {
        return (int) byValue.values().stream().distinct().count();
    }
}
