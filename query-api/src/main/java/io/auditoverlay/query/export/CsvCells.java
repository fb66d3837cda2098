package io.auditoverlay.query.export;

/**
 * CSV cells that a spreadsheet will not run: a text cell starting with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return (a formula, to Excel and LibreOffice) gets a
 * leading apostrophe, as OWASP recommends. Numbers stay numbers. POS free text (a void reason, a
 * note) reaches exports as it was typed.
 */
final class CsvCells {

    private CsvCells() {
    }

    static Object cell(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    static Object[] row(Object... values) {
        Object[] out = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = cell(values[i]);
        }
        return out;
    }
}
