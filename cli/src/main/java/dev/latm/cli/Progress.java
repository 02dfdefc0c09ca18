package dev.latm.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Live progress of a long command on stderr. On a terminal: one bar line, rewritten in place, with
 * done/total, the rate and the time left. Elsewhere (a log, CI, a pipe): one plain line per item,
 * {@code [3/20] line 5 mobilenet 3.21 ms}, which greps and tails well.
 */
final class Progress {
    /** How progress is shown; {@code auto} picks {@code bar} on a terminal and {@code lines} elsewhere. */
    enum Mode {
        auto, bar, lines, none;

        Mode resolve() {
            return this != auto ? this : System.console() != null ? bar : lines;
        }
    }

    private static final int BAR_CELLS = 24;
    private static final int MAX_WIDTH = 118;

    private final PrintWriter err;
    private final Mode mode;
    private final int total;
    private final String unit;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private int done;
    private int drawnWidth;

    /**
     * @param unit     what is counted, for the rate ("archs", "trials")
     * @param nanoTime the clock (System::nanoTime; a scripted one in tests)
     */
    Progress(PrintWriter err, Mode mode, int total, String unit, LongSupplier nanoTime) {
        this.err = err;
        this.mode = mode.resolve();
        this.total = total;
        this.unit = unit;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
    }

    /** One more item is done; {@code detail} says which and how it went. */
    synchronized void step(String detail) {
        done++;
        switch (mode) {
            case bar -> {
                String line = bar() + "  " + detail;
                if (line.length() > MAX_WIDTH) {
                    line = line.substring(0, MAX_WIDTH - 3) + "...";
                }
                // pad over the previous line: \r moves back, it does not erase
                err.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
                drawnWidth = line.length();
                err.flush();
            }
            case lines -> {
                err.println("[" + done + "/" + total + "] " + detail);
                err.flush();
            }
            default -> {
                // none
            }
        }
    }

    /** Ends the bar's line so that what follows starts on a fresh one. */
    synchronized void finish() {
        if (mode == Mode.bar && drawnWidth > 0) {
            err.println();
            err.flush();
            drawnWidth = 0;
        }
    }

    /** {@code [#########...............] 12/20  4.2 archs/min  ETA 1m54s}. */
    String bar() {
        int filled = total == 0 ? BAR_CELLS : (int) ((long) BAR_CELLS * done / total);
        double minutes = (nanoTime.getAsLong() - startNanos) / 60e9;
        String rate = minutes > 0 ? String.format(Locale.ROOT, "%.1f %s/min", done / minutes, unit)
                : "- " + unit + "/min";
        String eta = done > 0 && minutes > 0 ? duration((total - done) * minutes * 60 / done) : "-";
        return "[" + "#".repeat(filled) + ".".repeat(BAR_CELLS - filled) + "] " + done + "/" + total + "  " + rate
                + "  ETA " + eta;
    }

    /** 45s, 3m05s, 2h07m. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
