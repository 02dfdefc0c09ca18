package dev.latm.model.ir;

import dev.latm.model.spec.ArchitectureSpec;
import dev.latm.model.spec.Expansion;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the width of every layer of a lowered network against {@code max_channels}. The spec reader
 * checks the widths a request declares; this checks the ones the network derives from them, which
 * only lowering knows: an inverted bottleneck's expansion ({@code expand_ratio} times the block's
 * input, 4096 x 10 = 40,960), a squeeze-and-excitation's squeeze after rounding, a pooling skip's
 * projection, the head. Each violation names the request field that sets the width.
 */
public final class WidthLimits {
    private WidthLimits() {
    }

    /** One limit violation per field whose widths exceed the limit (the first layer over it is named). */
    public static List<Violation> violations(Network network, Limits limits) {
        Map<String, Violation> byField = new LinkedHashMap<>();
        for (Layer layer : network.layers()) {
            int width = width(layer);
            if (width > limits.maxChannels()) {
                String field = field(layer.name(), network.spec());
                byField.putIfAbsent(field, Violation.overLimit(field, "makes " + width + " channels at layer "
                        + layer.name() + ", over the server limit max_channels = " + limits.maxChannels()));
            }
        }
        return List.copyOf(byField.values());
    }

    /**
     * The width a layer creates: a convolution's outputs, an SE's squeeze, a hidden linear layer's
     * features. Pools and adds pass widths on; the classifier's width is {@code num_classes}, which has
     * a bound of its own.
     */
    private static int width(Layer layer) {
        if (layer instanceof Conv conv) {
            return conv.outputShape().channels();
        }
        if (layer instanceof SqueezeExcite se) {
            return se.squeezeChannels();
        }
        if (layer instanceof Linear linear && !linear.name().equals("head.classifier")) {
            return linear.outFeatures();
        }
        return 0;
    }

    /** The request field behind a layer's width, from the layer naming of {@link Lowering}. */
    static String field(String layerName, ArchitectureSpec spec) {
        String[] parts = layerName.split("\\.");
        switch (parts[0]) {
            case "stem":
                return "stem.out_channels";
            case "head":
                return parts[1].equals("hidden") ? "head.hidden_channels" : "head.conv_channels";
            case "stages":
                int stage = Integer.parseInt(parts[1]);
                String block = "stages[" + stage + "].block.";
                String part = parts[4];
                if (part.equals("se")) {
                    return block + "se.ratio";
                }
                if (part.equals("expand") || part.equals("depthwise")) {
                    Expansion expansion = spec.stages().get(stage).block().expansion();
                    return block + (expansion instanceof Expansion.Ratio ? "expand_ratio"
                            : expansion instanceof Expansion.Fixed ? "expanded_channels" : "out_channels");
                }
                return block + "out_channels";
            default:
                throw new IllegalArgumentException("no request field for layer " + layerName);
        }
    }
}
