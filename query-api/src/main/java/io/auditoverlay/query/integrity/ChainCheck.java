package io.auditoverlay.query.integrity;

import java.time.Instant;
import java.util.List;

import io.auditoverlay.model.integrity.ChainBreak;
import io.auditoverlay.model.integrity.ChainReport;
import io.auditoverlay.model.integrity.DailySeal;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The hash chains recomputed over a range of storage times.
 *
 * @param tables what each chained table gave
 * @param firstBreak the first broken link over all tables (changes, then business events, then status changes), or null
 * @param sealMismatches stored seals of days inside the range that the recomputed chain no longer gives
 * @param seals the seals the recomputed chain gives, per table, source and day
 * @param rowsPerSecond rows recomputed per second
 */
public record ChainCheck(Instant from, Instant to, List<ChainReport> tables, ChainBreak firstBreak,
        List<String> sealMismatches, List<DailySeal> seals, long rowsPerSecond) {

    @JsonProperty("ok")
    public boolean ok() {
        return firstBreak == null && sealMismatches.isEmpty();
    }
}
