package dev.latm.cli.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.spec.Presets;
import org.junit.jupiter.api.Test;

class ProxyAccuracyTest {

    @Test
    void putsTheMobileNetV3sWhereItsDocumentationSays() {
        ProxyAccuracy proxy = new ProxyAccuracy();
        assertEquals(0.75, proxy.evaluate(1, Presets.get("mobilenet_v3_large"), "").value(), 0.01);
        assertEquals(0.60, proxy.evaluate(1, Presets.get("mobilenet_v3_small"), "").value(), 0.01);
        assertEquals(Accuracy.Source.proxy, proxy.evaluate(1, Presets.get("mobilenet_v2"), "").source());
    }

    @Test
    void growsWithSizeAndSaturates() {
        assertTrue(ProxyAccuracy.of(200_000_000, 5_000_000) > ProxyAccuracy.of(100_000_000, 5_000_000));
        assertTrue(ProxyAccuracy.of(100_000_000, 6_000_000) > ProxyAccuracy.of(100_000_000, 5_000_000));
        assertTrue(ProxyAccuracy.of(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2) <= ProxyAccuracy.CEILING);
        assertTrue(ProxyAccuracy.of(0, 0) >= 0);
    }

    @Test
    void saysItIsAProxy() {
        assertTrue(new ProxyAccuracy().describe().startsWith("ACC is a proxy, not a trained accuracy"));
    }
}
