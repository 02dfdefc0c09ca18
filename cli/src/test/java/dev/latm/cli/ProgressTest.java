package dev.latm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final AtomicLong clock = new AtomicLong();
    private final StringWriter text = new StringWriter();

    @Test
    void theBarShowsCountRateAndTimeLeftOnOneLine() {
        Progress progress = new Progress(new PrintWriter(text), Progress.Mode.bar, 20, "archs", clock::get);
        for (int i = 0; i < 12; i++) {
            clock.addAndGet(10_000_000_000L);   // 10 s per architecture: 6 per minute
            progress.step("line " + i + " a rather long description " + "x".repeat(i * 10));
        }
        assertEquals("[##############..........] 12/20  6.0 archs/min  ETA 1m20s", progress.bar());
        progress.finish();
        String shown = text.toString();
        assertTrue(shown.startsWith("\r["), shown);
        assertEquals(1, shown.chars().filter(c -> c == '\n').count(), "one line, rewritten in place");
        assertEquals(12, shown.chars().filter(c -> c == '\r').count());
        for (String frame : shown.split("\r")) {
            assertTrue(frame.strip().length() <= 118, "a frame fits a terminal: " + frame.length());
        }
    }

    @Test
    void shorterFramesBlankOutTheRestOfTheLongerOneBefore() {
        Progress progress = new Progress(new PrintWriter(text), Progress.Mode.bar, 2, "archs", clock::get);
        progress.step("a long first description");
        progress.step("short");
        String[] frames = text.toString().split("\r");
        assertEquals(frames[1].length(), frames[2].length(), "padded over the previous frame");
    }

    @Test
    void elsewhereItPrintsOnePlainLinePerItem() {
        Progress progress = new Progress(new PrintWriter(text), Progress.Mode.lines, 3, "archs", clock::get);
        progress.step("line 5 mobilenet 3.210 ms");
        progress.step("line 6 mnasnet 2.000 ms");
        progress.finish();
        assertEquals("[1/3] line 5 mobilenet 3.210 ms\n[2/3] line 6 mnasnet 2.000 ms\n",
                text.toString().replace(System.lineSeparator(), "\n"));
        assertFalse(text.toString().contains("\r"));
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("45s", Progress.duration(45));
        assertEquals("3m05s", Progress.duration(185));
        assertEquals("2h07m", Progress.duration(7620));
    }
}
