package io.auditoverlay.ai.completeness;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares one table, chunk by chunk, with the state its trail implies. The chunks are ranges of
 * the key's leading integer column, sized from InnoDB's row estimate to about {@code chunkRows}
 * rows; the first and last are open, so that keys the trail holds beyond the source's current
 * range are compared too.
 */
final class TableReconciler {

    /** A chunk's disagreements, and how many source rows it read. */
    record ChunkDiff(SourceTable table, KeyRange range, List<RowDiff> rows, int sourceRows) {
    }

    private final ChunkReader reader;
    private final int chunkRows;

    TableReconciler(ChunkReader reader, int chunkRows) {
        this.reader = reader;
        this.chunkRows = chunkRows;
    }

    List<KeyRange> ranges(Connection source, SourceTable t) throws SQLException {
        String column = t.chunkColumn();
        if (column == null) {
            return List.of(KeyRange.whole());
        }
        long[] span = reader.span(source, t, column);
        if (span == null) {
            return List.of(new KeyRange(column, null, null));
        }
        long rows = Math.max(1, t.estimatedRows());
        long width = Math.max(1, (long) Math.ceil((double) (span[1] - span[0] + 1) * chunkRows / rows));
        List<KeyRange> ranges = new ArrayList<>();
        Long from = null;
        for (long lo = span[0] + width; lo <= span[1]; lo += width) {
            ranges.add(new KeyRange(column, from, lo));
            from = lo;
        }
        ranges.add(new KeyRange(column, from, null));
        return ranges;
    }

    /** The chunk's disagreements (empty when it matches). */
    ChunkDiff compare(Connection source, Connection audit, SourceTable t, KeyRange r, ChunkReader.TrailRow truncated)
            throws SQLException {
        Map<String, List<String>> src = reader.source(source, t, r);
        Map<String, ChunkReader.TrailRow> trail = reader.trail(audit, t, r);
        Set<String> keys = new LinkedHashSet<>(src.keySet());
        keys.addAll(trail.keySet());
        List<RowDiff> diffs = new ArrayList<>();
        for (String key : keys) {
            List<String> s = src.get(key);
            ChunkReader.TrailRow tr = trail.get(key);
            List<String> tv = tr == null || before(tr, truncated) ? null : tr.values();
            if (s == null && tv == null) {
                continue;
            }
            if (tv == null) {
                diffs.add(new RowDiff(key, RowDiff.Kind.MISSING_IN_TRAIL, List.of(), s, null));
            } else if (s == null) {
                diffs.add(new RowDiff(key, RowDiff.Kind.DELETED_WITHOUT_EVENT, List.of(), null, tv));
            } else {
                List<String> differing = new ArrayList<>();
                for (int i = 0; i < s.size(); i++) {
                    String trailValue = tv.get(i);
                    if (!RowCanon.MASKED.equals(trailValue) && !trailValue.equals(s.get(i))) {
                        differing.add(t.columns().get(i).name());
                    }
                }
                if (!differing.isEmpty()) {
                    diffs.add(new RowDiff(key, RowDiff.Kind.CHANGED, differing, s, tv));
                }
            }
        }
        return new ChunkDiff(t, r, diffs, src.size());
    }

    /** An event before the table's last TRUNCATE no longer describes a row. */
    private static boolean before(ChunkReader.TrailRow row, ChunkReader.TrailRow truncated) {
        if (truncated == null || row.file() == null || truncated.file() == null) {
            return false;
        }
        int byFile = row.file().compareTo(truncated.file());
        return byFile < 0 || byFile == 0 && row.pos() < truncated.pos();
    }
}
