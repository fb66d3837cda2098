package io.auditoverlay.auditctl.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TerminalSafeWriterTest {

    @Test
    void escapeSequencesAndOtherControlsArePrintedHarmless() {
        StringWriter raw = new StringWriter();
        PrintWriter out = new PrintWriter(new TerminalSafeWriter(raw), true);
        out.println("void reason: \u001b]0;owned\u0007\u001b[2J\rdone\u009b31m\u007f");
        out.printf("%s\t%s%n", "ok", "caf\u00e9 \ud83d\ude00");
        out.print('\u001b');
        out.flush();
        String r = "\uFFFD";
        assertEquals("void reason: " + r + "]0;owned" + r + r + "[2J" + r + "done" + r + "31m" + r + System.lineSeparator()
                + "ok\tcaf\u00e9 \ud83d\ude00" + System.lineSeparator() + r, raw.toString());
    }
}
