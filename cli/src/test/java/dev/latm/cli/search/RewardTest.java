package dev.latm.cli.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RewardTest {

    @Test
    void softConstraintTradesAccuracyForLatency() {
        Reward reward = new Reward(10, -0.07, -0.07);
        assertEquals(0.8, reward.of(0.8, 10), 1e-12, "at the target the reward is the accuracy");
        assertEquals(0.8 * Math.pow(2, -0.07), reward.of(0.8, 20), 1e-12);
        assertEquals(0.8 * Math.pow(0.5, -0.07), reward.of(0.8, 5), 1e-12);
        assertTrue(reward.of(0.8, 5) > reward.of(0.8, 10), "faster at equal accuracy is better");
    }

    @Test
    void hardConstraintIgnoresSpeedUnderTheTargetAndPunishesOverIt() {
        Reward hard = new Reward(10, 0, -1);
        assertEquals(0.8, hard.of(0.8, 1), 1e-12);
        assertEquals(0.8, hard.of(0.8, 10), 1e-12);
        assertEquals(0.4, hard.of(0.8, 20), 1e-12);
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Reward(0, -0.07, -0.07));
        assertThrows(IllegalArgumentException.class, () -> new Reward(Double.NaN, -0.07, -0.07));
        assertThrows(IllegalArgumentException.class, () -> new Reward(5, Double.NaN, -0.07));
        assertThrows(IllegalArgumentException.class, () -> new Reward(5, -0.07, -0.07).of(0.5, 0));
    }
}
