package io.auditoverlay.model.label;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The ground truth for one anomaly the simulator injected: one JSON line of its labels file.
 * Detectors are scored against these (precision and recall per {@link AnomalyClasses class}).
 *
 * @param id stable within one run: {@code <class>-<sequence>}
 * @param anomalyClass one of {@link AnomalyClasses}; serialised as {@code class}
 * @param branchId the branch, as the pipeline spells it (the source {@code branch_id} as text)
 * @param userId the acting user, or null when the anomaly is not one person's doing (volume)
 * @param productId the product, where one product is the point (shrink, tampering), else null
 * @param windowStart first business timestamp of the anomaly (inclusive)
 * @param windowEnd last business timestamp of the anomaly (inclusive)
 * @param rows the source rows the anomaly wrote or changed, by table and primary key; empty for
 *             volume anomalies, whose evidence is the whole branch-day
 * @param details class-specific facts (counts, amounts, factors), for humans and scorers
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "class", "branchId", "userId", "productId", "windowStart", "windowEnd", "rows", "details"})
public record AnomalyLabel(
        String id,
        @JsonProperty("class") String anomalyClass,
        String branchId,
        String userId,
        String productId,
        Instant windowStart,
        Instant windowEnd,
        List<RowRef> rows,
        Map<String, Object> details) {

    /**
     * A source row, named the way a {@code CanonicalChangeEvent} names it.
     *
     * @param table the source table, e.g. {@code sales}
     * @param pk its primary key columns and values, e.g. {@code {"id": 42}} or
     *           {@code {"branch_id": 3, "product_id": 17}}
     */
    @JsonPropertyOrder({"table", "pk"})
    public record RowRef(String table, Map<String, Object> pk) {
    }
}
