package io.auditoverlay.model.integrity;

import io.auditoverlay.model.change.SourcePosition;
import java.util.UUID;

/**
 * A row about to be linked: its id, its leaf hash and, for change events, its binlog position.
 * Change events carry their id and position as values ({@link #ofChange}), linked in binary
 * ({@link PackedLink}); other rows carry them as text.
 *
 * @param uuid the id of a change event, else null
 * @param textId the id of any other row, else null
 * @param at a change event's binlog position, else null
 * @param position any other row's position as text, or null
 */
public record ChainEntry(String source, UUID uuid, String textId, byte[] leaf, SourcePosition at, String position) {

    public ChainEntry(String source, String rowId, byte[] leaf, String position) {
        this(source, null, rowId, leaf, null, position);
    }

    /** A change event, linked by its id and position as values (no text made per row on the write path). */
    public static ChainEntry ofChange(String source, UUID id, byte[] leaf, SourcePosition at) {
        return new ChainEntry(source, id, null, leaf, at, null);
    }

    public String rowId() {
        return textId != null ? textId : uuid.toString();
    }

    /** The position as text, as verify reports it. */
    public String positionText() {
        return at != null ? ChainedTable.position(at) : position;
    }
}
