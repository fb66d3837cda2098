package io.auditoverlay.ai.rollup;

import java.time.Instant;

/** One row of {@code insights.rollup_hourly}: a series, its branch and subject, and a UTC hour. */
public record RollupKey(String series, String branchId, String subjectId, String label, Instant hour)
        implements Comparable<RollupKey> {

    /** Primary-key order, so that concurrent upserts lock rows in the same order. */
    @Override
    public int compareTo(RollupKey o) {
        int c = series.compareTo(o.series);
        if (c == 0) {
            c = branchId.compareTo(o.branchId);
        }
        if (c == 0) {
            c = hour.compareTo(o.hour);
        }
        if (c == 0) {
            c = subjectId.compareTo(o.subjectId);
        }
        return c != 0 ? c : label.compareTo(o.label);
    }
}
