package io.auditoverlay.model.integrity;

/**
 * A row about to be linked: its id, its leaf hash and, for change events, its binlog position.
 */
public record ChainEntry(String source, String rowId, byte[] leaf, String position) {
}
