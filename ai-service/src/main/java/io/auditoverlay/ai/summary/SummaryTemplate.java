package io.auditoverlay.ai.summary;

import java.util.List;
import java.util.Map;

/** The deterministic summary text, written from the facts alone. */
public final class SummaryTemplate {

    private SummaryTemplate() {
    }

    @SuppressWarnings("unchecked")
    public static String render(Map<String, Object> facts) {
        String where = SummaryFacts.CHAIN.equals(facts.get("branch")) ? "The chain" : "Branch " + facts.get("branch");
        StringBuilder text = new StringBuilder();
        text.append("%s on %s %s: %s sales worth %s (discounts %s), %s voids, %s refunds worth %s."
                .formatted(where, facts.get("weekday"), facts.get("date"), facts.get("sales_count"), facts.get("sales_value"),
                        facts.get("discount_total"), facts.get("voids"), facts.get("refunds_count"), facts.get("refunds_value")));
        Map<String, Object> lastWeek = (Map<String, Object>) facts.get("same_weekday_last_week");
        Object change = lastWeek.get("sales_count_change_pct");
        text.append(" On %s there were %s sales worth %s%s.".formatted(lastWeek.get("date"), lastWeek.get("sales_count"),
                lastWeek.get("sales_value"), change == null ? "" : " (sales count change " + change + "%)"));
        Map<String, Object> adjustments = (Map<String, Object>) facts.get("adjustments_by_reason");
        if (!adjustments.isEmpty()) {
            text.append(" Stock adjustments by reason: ");
            text.append(String.join(", ", adjustments.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
            text.append('.');
        }
        Map<String, Object> anomalies = (Map<String, Object>) facts.get("anomalies");
        List<Map<String, Object>> top = (List<Map<String, Object>>) anomalies.get("top");
        if (top.isEmpty()) {
            text.append(" No anomalies were detected.");
        } else {
            Object count = anomalies.get("count");
            text.append(" %s %s detected; the most serious:".formatted(count,
                    "1".equals(String.valueOf(count)) ? "anomaly was" : "anomalies were"));
            for (Map<String, Object> a : top) {
                text.append(" [%s, %s] %s".formatted(a.get("severity"), a.get("detector"), a.get("explanation")));
            }
        }
        return text.toString();
    }
}
