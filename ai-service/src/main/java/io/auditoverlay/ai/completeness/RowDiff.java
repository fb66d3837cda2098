package io.auditoverlay.ai.completeness;

import java.util.List;

/**
 * A key whose source row and trail state disagree.
 *
 * @param key the key as {@code col=value,…}
 * @param kind what disagrees
 * @param columns the columns that differ (for {@link Kind#CHANGED})
 * @param sourceRow the source row's canonical values (compared between two reads, never shown)
 * @param trailRow the trail's latest after-image, canonical (compared between two reads, never shown)
 */
public record RowDiff(String key, Kind kind, List<String> columns, List<String> sourceRow, List<String> trailRow) {

    public enum Kind {
        /** The source has the row, the trail never saw it created (or saw it deleted). */
        MISSING_IN_TRAIL,
        /** The trail's last image says the row exists, the source has no such row. */
        DELETED_WITHOUT_EVENT,
        /** Both have the row, with different values. */
        CHANGED
    }

    String describe() {
        return switch (kind) {
            case MISSING_IN_TRAIL -> key + " exists at the source, not in the trail";
            case DELETED_WITHOUT_EVENT -> key + " is gone at the source, the trail has no delete";
            case CHANGED -> key + " differs in " + String.join(", ", columns);
        };
    }
}
