package io.auditoverlay.model.change;

/**
 * Where a row change sits in the source's binlog.
 *
 * @param serverId the source server id (MySQL/MariaDB {@code server_id})
 * @param file binlog file name
 * @param pos position of the row event in that file
 * @param row index of the row inside the binlog event
 * @param gtid the transaction's GTID when the source has one
 * @param snapshot true for rows read by the initial snapshot (no binlog position of their own)
 */
public record SourcePosition(Long serverId, String file, Long pos, Integer row, String gtid, boolean snapshot) {
}
