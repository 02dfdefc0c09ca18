package dev.latm.model.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Static cost analysis of the IR: no tensors, just arithmetic over shapes. */
public final class CostAnalysis {
    private CostAnalysis() {
    }

    public static NetworkCost analyze(Network network) {
        long macs = 0;
        long params = 0;
        long trainingParams = 0;
        List<LayerCost> rows = new ArrayList<>();
        for (Layer layer : network.layers()) {
            macs += layer.macs();
            params += layer.params();
            trainingParams += layer.trainingParams();
            rows.add(LayerCost.of(layer));
        }
        return new NetworkCost(macs, params, trainingParams, peakActivationBytes(network), rows);
    }

    /**
     * Walks the layers in order, keeping each tensor alive from the layer that writes it to its last
     * reader; the network output stays alive to the end. The peak counts a layer's inputs and output
     * together, as an engine without in-place kernels needs them.
     */
    static long peakActivationBytes(Network network) {
        List<Layer> layers = network.layers();
        Map<String, Integer> lastUse = network.lastReaders();
        lastUse.put(network.output().name(), layers.size());
        Map<String, Long> live = new HashMap<>();
        live.put(Network.INPUT, network.inputShape().bytes());
        long liveBytes = network.inputShape().bytes();
        long peak = liveBytes;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            long outBytes = layer.outputShape().bytes();
            live.put(layer.name(), outBytes);
            liveBytes += outBytes;
            peak = Math.max(peak, liveBytes);
            for (String input : layer.inputs()) {
                if (lastUse.get(input) == i && live.containsKey(input)) {
                    liveBytes -= live.remove(input);
                }
            }
            if (lastUse.getOrDefault(layer.name(), -1) < i) {
                liveBytes -= live.remove(layer.name());
            }
        }
        return peak;
    }
}
