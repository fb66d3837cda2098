package io.auditoverlay.ai.completeness;

/**
 * A chunk: {@code column} from {@code from} (inclusive) to {@code to} (exclusive); a null bound is
 * open, a null column the whole table.
 */
public record KeyRange(String column, Long from, Long to) {

    static KeyRange whole() {
        return new KeyRange(null, null, null);
    }

    @Override
    public String toString() {
        if (column == null) {
            return "all keys";
        }
        return (from == null ? "" : from + " <= ") + column + (to == null ? "" : " < " + to)
                + (from == null && to == null ? " (all)" : "");
    }
}
