package dev.latm.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.latm.runtime.Dtype;
import org.junit.jupiter.api.Test;

/** The store's key text: stable for float32 alone, apart for every reference, other format and int8 form. */
class StoreKeyTest {

    @Test
    void aFloat32KeyIsTheKeyOfTheReleasesBeforeNumericFormats() {
        assertEquals("arch|onnxruntime|1.23.2+abc|1|1|224|0.01|device",
                key(Dtype.FLOAT32, "").encoded());
    }

    @Test
    void anInt8KeyAddsItsFormatAndTheHostsQuantization() {
        assertEquals("arch|onnxruntime|1.23.2+abc|1|1|224|0.01|device|dtype=INT8:qdq-w127",
                key(Dtype.INT8, "qdq-w127").encoded());
        assertNotEquals(key(Dtype.INT8, "qdq-w127").encoded(), key(Dtype.INT8, "qdq-w63").encoded(),
                "a host whose CPU makes another int8 model misses");
        assertNotEquals(key(Dtype.INT8, "qdq-w127").encoded(), key(Dtype.INT8, "qdq-w127-gemmtail").encoded());
    }

    @Test
    void anAnchoredKeyAddsItsReferenceBeforeTheFormat() {
        assertEquals("arch|onnxruntime|1.23.2+abc|1|1|224|0.01|device|reference=mobilenet_v3_small",
                new StoreKey("arch", "onnxruntime", "1.23.2+abc", 1, 1, 224, 0.01, "device", "mobilenet_v3_small",
                        Dtype.FLOAT32, "").encoded());
        assertEquals("arch|onnxruntime|1.23.2+abc|1|1|224|0.01|device|reference=mobilenet_v3_small|dtype=INT8:qdq-w127",
                new StoreKey("arch", "onnxruntime", "1.23.2+abc", 1, 1, 224, 0.01, "device", "mobilenet_v3_small",
                        Dtype.INT8, "qdq-w127").encoded());
    }

    private static StoreKey key(Dtype dtype, String quantization) {
        return new StoreKey("arch", "onnxruntime", "1.23.2+abc", 1, 1, 224, 0.01, "device", "", dtype, quantization);
    }
}
