package dev.latm.runtime.onnx;

import dev.latm.model.ir.Layer;
import dev.latm.model.ir.Network;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps the name of a node ONNX Runtime executed back to the IR layer it came from.
 *
 * <p>Nodes latm wrote are the layer's name or {@code <layer>/<part>}. Nodes ORT made while
 * optimising usually embed the name of the node they replace (a fused Conv + activation keeps the
 * Conv's name, possibly decorated), so the longest layer name found inside the node name, on name
 * boundaries, is taken next. Nodes ORT names itself (layout reorders, nodes of expanded functions)
 * name no layer; the caller decides where their time goes. Nodes named {@code input/<part>} (an int8
 * network's quantisation of its input) serve the first layer and are credited to it.
 */
final class LayerNames {
    /** The row of time no IR layer can be credited with. Parentheses keep it apart from layer names. */
    static final String OTHER = "(other)";

    private final Set<String> layers = new HashSet<>();
    /** Longest first, so stages.1.block.0.skip.project wins over a shorter name inside it. */
    private final List<String> byLength = new ArrayList<>();
    private final Map<String, Optional<String>> cache = new HashMap<>();
    private final String firstLayer;

    LayerNames(Network network) {
        firstLayer = network.layers().get(0).name();
        for (Layer layer : network.layers()) {
            layers.add(layer.name());
            byLength.add(layer.name());
        }
        byLength.sort(Comparator.comparingInt(String::length).reversed());
    }

    /** The IR layer that node {@code nodeName} belongs to; empty when its name names none. */
    Optional<String> layerOf(String nodeName) {
        return cache.computeIfAbsent(nodeName, this::resolve);
    }

    private Optional<String> resolve(String nodeName) {
        int slash = nodeName.indexOf('/');
        String prefix = slash < 0 ? nodeName : nodeName.substring(0, slash);
        if (layers.contains(prefix)) {
            return Optional.of(prefix);
        }
        if (prefix.equals(Network.INPUT) && slash >= 0) {
            return Optional.of(firstLayer);
        }
        for (String layer : byLength) {
            if (containsOnBoundary(nodeName, layer)) {
                return Optional.of(layer);
            }
        }
        return Optional.empty();
    }

    /** True when {@code layer} occurs in {@code name} not glued to further name characters. */
    private static boolean containsOnBoundary(String name, String layer) {
        for (int at = name.indexOf(layer); at >= 0; at = name.indexOf(layer, at + 1)) {
            int end = at + layer.length();
            boolean startOk = at == 0 || !isNameChar(name.charAt(at - 1));
            boolean endOk = end == name.length() || !isNameChar(name.charAt(end));
            if (startOk && endOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.';
    }
}
