package io.auditoverlay.ai.completeness;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a binlog scan starts, and whether the binlog it needs is gone (capture.binlog-purged).
 * A pure decision over the source's binary logs, the scan's cursor and the trail's oldest and
 * newest streamed positions, so that every branch is unit-tested.
 *
 * @param file where to read from, or null: nothing to read (no streamed change in the trail yet)
 * @param baseline each GTID domain's last sequence before {@code file}/{@code pos}
 * @param purged the finding when the binlog the scan (or Debezium) needs was purged
 */
record ScanStart(String file, long pos, Map<Long, Long> baseline, Optional<Finding> purged) {

    private static final Pattern FIRST_GTID = Pattern.compile("[^:]*:(\\d+)-\\d+-(\\d+)");

    /**
     * @param files {@code SHOW BINARY LOGS}, oldest first (not empty)
     * @param cursor where the last scan stopped, or null (the first scan)
     * @param first the trail's oldest streamed change (file, position, transaction id), or null
     * @param newest the trail's newest streamed change, or null
     */
    static ScanStart of(String source, List<String> files, BinlogCursor cursor, String[] first, String[] newest) {
        if (cursor != null) {
            if (files.contains(cursor.file())) {
                return new ScanStart(cursor.file(), cursor.pos(), cursor.lastSeq(), Optional.empty());
            }
            return new ScanStart(files.get(0), 4, Map.of(), Optional.of(purged(source, cursor.file(), cursor.pos(), files.get(0))));
        }
        if (first != null && files.contains(first[0])) {
            // The first scan starts where the trail's streaming starts: what came before is the
            // schema's creation and rows the initial snapshot read, not changes the binlog stream carried.
            // That position is inside the first streamed transaction: its GTID is the sequences' baseline.
            Map<Long, Long> baseline = new HashMap<>();
            Matcher gtid = FIRST_GTID.matcher(first[2] == null ? "" : first[2]);
            if (gtid.matches()) {
                baseline.put(Long.parseLong(gtid.group(1)), Long.parseLong(gtid.group(2)));
            }
            return new ScanStart(first[0], Long.parseLong(first[1]), baseline, Optional.empty());
        }
        if (newest != null && !files.contains(newest[0]) && newest[0].compareTo(files.get(0)) < 0) {
            // No scan yet, and even the trail's newest change lies in a purged file: whatever
            // followed it up to the oldest file left cannot be read, by Debezium either.
            return new ScanStart(files.get(0), 4, Map.of(),
                    Optional.of(purged(source, newest[0], Long.parseLong(newest[1]), files.get(0))));
        }
        if (first != null && first[0].compareTo(files.get(0)) < 0) {
            // The trail began streaming before the oldest binlog left (expired as retention does) and
            // its newest change is still there: everything left is of the streaming era, so the scan
            // starts at the oldest file, each domain's first GTID there its baseline. (It used to
            // return here on every run without a cursor: such a trail was never scanned.)
            return new ScanStart(files.get(0), 4, Map.of(), Optional.empty());
        }
        // Nothing streamed yet: the first scan has nothing to compare.
        return new ScanStart(null, 4, Map.of(), Optional.empty());
    }

    private static Finding purged(String source, String file, long pos, String oldestLeft) {
        return new Finding("capture.binlog-purged", "source", source, file + ":" + pos,
                "the binlog from " + file + " at " + pos + " up to " + oldestLeft
                        + " was purged before it could be checked: the changes in it are unverifiable and, if Debezium had not read"
                        + " them either, missing from the trail (the reconciliation shows which rows differ)");
    }
}
