package dev.latm.model.ir;

import dev.latm.model.spec.ArchitectureSpec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network IR: layers in topological order, each reading {@link #INPUT} or earlier layers; the
 * last layer's output is the network's output ([batch, classes, 1, 1], the logits). Every
 * consumer (static analysis, both engines, profiles) reads this one form.
 */
public record Network(ArchitectureSpec spec, Shape inputShape, List<Layer> layers) {

    /** The name by which layers refer to the network's input image. */
    public static final String INPUT = "input";

    public Network {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
    }

    public Layer output() {
        return layers.get(layers.size() - 1);
    }

    /** Layers by name, in order. */
    public Map<String, Layer> layersByName() {
        Map<String, Layer> byName = new LinkedHashMap<>();
        for (Layer layer : layers) {
            byName.put(layer.name(), layer);
        }
        return byName;
    }

    /**
     * For every value some layer reads ({@link #INPUT} or a layer's output), the index of the last layer
     * that reads it: where a plan of live activations may let it go. A new map the caller may change.
     */
    public Map<String, Integer> lastReaders() {
        Map<String, Integer> lastReader = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (String input : layers.get(i).inputs()) {
                lastReader.put(input, i);
            }
        }
        return lastReader;
    }

    /**
     * The group a layer's cost is reported under in per-stage profiles: {@code stem}, {@code stages.3},
     * {@code head}.
     */
    public static String groupOf(String layerName) {
        if (layerName.startsWith("stages.")) {
            int end = layerName.indexOf('.', "stages.".length());
            return end < 0 ? layerName : layerName.substring(0, end);
        }
        int dot = layerName.indexOf('.');
        return dot < 0 ? layerName : layerName.substring(0, dot);
    }
}
