package io.auditoverlay.model.integrity;

import java.util.List;

/**
 * What {@link ChainVerifier} found for one table over a range.
 *
 * @param links links checked
 * @param rows rows recomputed
 * @param legacyRows rows stored before the table's chain began (not chained, not a failure)
 * @param firstBreak the first broken link, or null when the chain holds
 * @param seals the seals the range's links give, per source and day
 */
public record ChainReport(String table, long links, long rows, long legacyRows, ChainBreak firstBreak, List<DailySeal> seals) {

    public boolean ok() {
        return firstBreak == null;
    }
}
