package io.auditoverlay.auditctl.output;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * What auditctl prints passes through here: control characters (C0 but newline and tab, DEL, C1)
 * become U+FFFD. Trail data carries POS free text (notes, void reasons, names) that anyone at a
 * till could have typed; an escape sequence in it must not move the cursor, rewrite earlier lines,
 * change the terminal's title or answer back when an auditor lists it.
 */
public final class TerminalSafeWriter extends FilterWriter {

    public static final char REPLACEMENT = '\uFFFD';

    public TerminalSafeWriter(Writer out) {
        super(out);
    }

    public static boolean unsafe(char c) {
        return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
    }

    public static String clean(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c)) {
                if (b == null) {
                    b = new StringBuilder(text.length()).append(text, 0, i);
                }
                b.append(REPLACEMENT);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? text : b.toString();
    }

    @Override
    public void write(int c) throws IOException {
        super.write(unsafe((char) c) ? REPLACEMENT : c);
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        write(new String(cbuf, off, len), 0, len);
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
        super.write(clean(str.substring(off, off + len)), 0, len);
    }
}
