package io.auditoverlay.ai.completeness;

/** One row of {@code SHOW BINLOG EVENTS}. */
record BinlogEvent(String file, long pos, String type, long endPos, String info) {
}
