package org.ecdkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void drawsTilesRateAndTimeOnOneRedrawnLine() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true);
        bar.update(10, 40);
        bar.update(40, 40);
        bar.finish();
        String out = text.toString();
        assertTrue(out.startsWith("\r  [#######-----------------------]  25%  10/40 tiles"), out);
        assertTrue(out.contains("\r  [##############################] 100%  40/40 tiles"), out);
        assertTrue(out.endsWith("\n"), out);
    }

    @Test
    void drawsNothingWhenNotATerminal() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false);
        bar.update(1, 2);
        bar.finish();
        assertEquals("", text.toString());
    }

    @Test
    void durationsReadAsClockTimes() {
        assertEquals("0:07", ProgressBar.duration(7.4));
        assertEquals("2:05", ProgressBar.duration(125));
        assertEquals("1:00:01", ProgressBar.duration(3601));
    }
}
