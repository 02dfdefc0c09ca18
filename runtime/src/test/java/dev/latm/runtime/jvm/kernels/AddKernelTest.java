package dev.latm.runtime.jvm.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AddKernelTest {

    @Test
    void referenceAndKernelMatchHandComputedGolden() {
        float[] left = {1, -2, 3.5f};
        float[] right = {0.5f, 2, -1};
        float[] golden = {1.5f, 0, 2.5f};
        assertArrayEquals(golden, AddReference.add(left, right));
        int paddedChannels = Lanes.padded(3);
        float[] out = new float[paddedChannels];
        AddKernel.prepare(paddedChannels)
                .run(Tensors.toNhwc(left, 1, 3, 1, 1), Tensors.toNhwc(right, 1, 3, 1, 1), out, 0, 1);
        assertArrayEquals(golden, Tensors.toNchw(out, 1, 3, 1, 1));
    }

    @Test
    void matchesReferenceAcrossChunksAndInPlace() {
        SplittableRandom random = new SplittableRandom(18);
        int size = Lanes.padded(24) * 19 * 23; // several chunks, the last one partial
        float[] left = Tensors.random(random, size);
        float[] right = Tensors.random(random, size);
        float[] expected = AddReference.add(left, right);
        AddKernel kernel = AddKernel.prepare(size);
        float[] out = new float[size];
        Tensors.inParts(kernel.workItems(), 3, (first, end) -> kernel.run(left, right, out, first, end));
        assertArrayEquals(expected, out);
        Tensors.inParts(kernel.workItems(), 2, (first, end) -> kernel.run(left, right, left, first, end));
        assertArrayEquals(expected, left);
    }

    @Test
    void rejectsSizesThatAreNotWholeVectors() {
        assertThrows(IllegalArgumentException.class, () -> AddKernel.prepare(Lanes.COUNT + 1));
    }
}
