package dev.latm.model.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RegressionTreeTest {

    @Test
    void findsAStepOnTheFeatureThatHasIt() {
        // feature 0 is noise-free index, feature 1 carries the step at 0.5
        double[][] x = new double[100][];
        double[] target = new double[100];
        for (int i = 0; i < 100; i++) {
            double step = (i * 37 % 100) / 100.0;
            x[i] = new double[] {i, step};
            target[i] = step <= 0.5 ? 1 : 3;
        }
        double[] weight = new double[100];
        Arrays.fill(weight, 1);
        RegressionTree tree = new RegressionTree.Grower(x).grow(target, weight, 3, 5);

        assertEquals(1, tree.value(new double[] {0, 0.2}), 1e-12);
        assertEquals(3, tree.value(new double[] {0, 0.9}), 1e-12);
        assertEquals(2, tree.leafCount(), "no split lowers the error further");
    }

    @Test
    void weightZeroRowsAreLeftOutAndLeavesKeepTheirMinimumSize() {
        double[][] x = {{1}, {2}, {3}, {4}, {5}, {6}};
        double[] target = {0, 0, 0, 10, 10, 100};
        double[] weight = {1, 1, 1, 1, 1, 0};
        RegressionTree tree = new RegressionTree.Grower(x).grow(target, weight, 4, 2);
        assertEquals(0, tree.value(new double[] {1}), 1e-12);
        assertEquals(10, tree.value(new double[] {6}), 1e-12, "the 100 of weight 0 is not averaged in");
        assertEquals(2, tree.leafCount(), "{4, 5} cannot split into leaves of at least 2");
    }

    @Test
    void leafValuesMustMatchTheStructure() {
        RegressionTree stump = new RegressionTree(new int[] {-1}, new double[1], new int[] {0}, new int[] {-1},
                new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> stump.withLeafValues(new double[] {1, 2}));
    }

    @Test
    void leastSquaresClampsNonNegativeCoefficients() {
        LeastSquares problem = new LeastSquares(2);
        // y = 3 - x: with the slope forced >= 0 the best fit is the mean, slope 0
        for (int x = 0; x < 5; x++) {
            problem.add(new double[] {1, x}, 3 - x, 1);
        }
        assertArrayEquals(new double[] {1, 0}, problem.solve(0, new boolean[2], new boolean[] {false, true}), 1e-9);
        assertArrayEquals(new double[] {3, -1}, problem.solve(0, new boolean[2], new boolean[2]), 1e-9);
    }
}
