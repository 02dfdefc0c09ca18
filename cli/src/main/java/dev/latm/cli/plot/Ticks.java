package dev.latm.cli.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where an axis gets its ticks and what they read. Linear ticks are 1, 2 or 5 times a power of ten
 * apart; log ticks sit on decades, or on 1-2-5 or 1…9 multiples of them when the range is short
 * (and fall back to linear ticks when it spans less than a factor of about 3). Tick values are
 * built from decimal strings, so they read {@code 0.3}, never {@code 0.30000000000000004}.
 */
final class Ticks {
    /** Mantissas of log ticks, from the densest set to the sparsest. */
    private static final int[][] LOG_MANTISSAS = {{1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 5}, {1}};

    private Ticks() {
    }

    /** At most {@code target + 1} evenly spaced nice ticks inside {@code range}. */
    static List<Double> linear(Range range, int target) {
        double raw = (range.max() - range.min()) / Math.max(1, target);
        int exponent = (int) Math.floor(Math.log10(raw));
        int mantissa = 10;
        for (int candidate : new int[] {1, 2, 5}) {
            if (candidate * Math.pow(10, exponent) >= raw) {
                mantissa = candidate;
                break;
            }
        }
        double step = mantissa * Math.pow(10, exponent);
        long first = (long) Math.ceil(range.min() / step - 1e-9);
        long last = (long) Math.floor(range.max() / step + 1e-9);
        List<Double> ticks = new ArrayList<>();
        for (long i = first; i <= last; i++) {
            ticks.add(decimal(i * mantissa, exponent));
        }
        return ticks;
    }

    /** Ticks for a log axis over {@code range} (min > 0): at most about {@code target} of them. */
    static List<Double> log(Range range, int target) {
        for (int[] mantissas : LOG_MANTISSAS) {
            List<Double> ticks = logTicks(range, mantissas, 1);
            if (ticks.size() >= 3 && ticks.size() <= target) {
                return ticks;
            }
        }
        List<Double> decades = logTicks(range, LOG_MANTISSAS[2], 1);
        if (decades.size() > target) {
            return logTicks(range, LOG_MANTISSAS[2], (decades.size() + target - 1) / Math.max(1, target));
        }
        return linear(range, target);
    }

    /**
     * The ticks' labels: on a linear axis all with the same number of decimals ({@code 2.0, 2.5, 3.0}),
     * on a log axis each as short as it can be ({@code 0.5, 1, 2}); {@code 3e+08} style from a million
     * up and below 0.0001.
     */
    static List<String> labels(List<Double> ticks, boolean log) {
        int decimals = 0;
        for (double tick : ticks) {
            decimals = Math.max(decimals, Math.max(0, shortest(tick).scale()));
        }
        List<String> labels = new ArrayList<>();
        for (double tick : ticks) {
            double magnitude = Math.abs(tick);
            if (magnitude != 0 && (magnitude >= 1e6 || magnitude < 1e-4)) {
                labels.add(String.format(Locale.ROOT, "%.3g", tick).replaceAll("\\.?0+e", "e"));
            } else {
                BigDecimal value = shortest(tick);
                labels.add((log ? value : value.setScale(decimals, RoundingMode.UNNECESSARY)).toPlainString());
            }
        }
        return labels;
    }

    /** The tick as the short decimal it was made from: 12 significant digits hide the float noise. */
    private static BigDecimal shortest(double tick) {
        return new BigDecimal(tick).round(new MathContext(12)).stripTrailingZeros();
    }

    private static List<Double> logTicks(Range range, int[] mantissas, int everyNthDecade) {
        int low = (int) Math.floor(Math.log10(range.min()));
        int high = (int) Math.ceil(Math.log10(range.max()));
        List<Double> ticks = new ArrayList<>();
        for (int exponent = low; exponent <= high; exponent++) {
            if (Math.floorMod(exponent, everyNthDecade) != 0) {
                continue;
            }
            for (int mantissa : mantissas) {
                double tick = decimal(mantissa, exponent);
                if (tick >= range.min() * (1 - 1e-9) && tick <= range.max() * (1 + 1e-9)) {
                    ticks.add(tick);
                }
            }
        }
        return ticks;
    }

    /** mantissa × 10^exponent, as the double nearest the decimal number. */
    private static double decimal(long mantissa, int exponent) {
        return Double.parseDouble(mantissa + "e" + exponent);
    }
}
