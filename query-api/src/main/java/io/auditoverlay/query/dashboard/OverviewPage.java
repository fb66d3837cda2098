package io.auditoverlay.query.dashboard;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.auditoverlay.query.dashboard.OverviewQueries.Day;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** Today and the last 7 days per branch, open anomalies by severity, and how fresh the trail is. */
@Path("/ui/overview")
@PermitAll
public class OverviewPage {

    static final List<String> SEVERITIES = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW");

    private final Ui ui;
    private final OverviewQueries queries;
    private final Template page;
    private final ObjectMapper json;

    public OverviewPage(Ui ui, OverviewQueries queries, @Location("dashboard/overview.html") Template page, ObjectMapper json) {
        this.ui = ui;
        this.queries = queries;
        this.page = page;
        this.json = json;
    }

    /** A branch's row of the table: today's figures and the 7 days' totals. */
    public record BranchRow(String branch, Day today, Day week) {
    }

    @GET
    public Response overview() {
        return ui.render("overview", s -> {
            Instant now = Instant.now();
            OverviewQueries.Window w = OverviewQueries.Window.at(now);
            LocalDate today = w.today();
            Instant from = w.from();
            Instant to = w.to();
            Instant todayStart = w.todayStart();
            List<Day> days = queries.daily(s.caller(), from, todayStart, to);
            Map<String, Long> open = new LinkedHashMap<>();
            Map<String, Long> found = queries.openAnomaliesBySeverity(s.caller());
            SEVERITIES.forEach(sev -> open.put(sev, found.getOrDefault(sev, 0L)));
            List<OverviewQueries.Freshness> fresh = queries.freshness(s.caller(), now.minus(Duration.ofHours(1)));
            return page.data("rows", rows(days, today))
                    .data("reasons", queries.adjustmentsByReason(s.caller(), from, todayStart, to))
                    .data("open", open)
                    .data("openTotal", open.values().stream().mapToLong(Long::longValue).sum())
                    .data("freshness", fresh)
                    .data("now", now)
                    .data("chart", chart(days, today, open));
        });
    }

    static List<BranchRow> rows(List<Day> days, LocalDate today) {
        Map<String, List<Day>> byBranch = new TreeMap<>();
        days.forEach(d -> byBranch.computeIfAbsent(d.branch(), b -> new ArrayList<>()).add(d));
        List<BranchRow> rows = new ArrayList<>();
        byBranch.forEach((branch, list) -> {
            Day none = new Day(branch, today, 0, BigDecimal.ZERO, 0, 0, 0, 0);
            Day todays = list.stream().filter(d -> today.equals(d.day())).findFirst().orElse(none);
            rows.add(new BranchRow(branch, todays, list.stream().reduce(none, OverviewPage::sum)));
        });
        return rows;
    }

    private static Day sum(Day a, Day b) {
        return new Day(a.branch(), a.day(), a.sales() + b.sales(), a.salesValue().add(b.salesValue()), a.voids() + b.voids(),
                a.refunds() + b.refunds(), a.adjustments() + b.adjustments(), a.controlled() + b.controlled());
    }

    /** The charts' data as JSON, read by /dashboard/charts.js (no inline script: the pages' CSP forbids it). */
    private String chart(List<Day> days, LocalDate today, Map<String, Long> open) {
        List<String> labels = new ArrayList<>();
        for (int i = 6; i >= 0; i--) {
            labels.add(today.minusDays(i).toString());
        }
        Map<String, long[]> sales = new TreeMap<>();
        Map<String, long[]> voids = new TreeMap<>();
        for (String b : new TreeSet<>(days.stream().map(Day::branch).toList())) {
            sales.put(b, new long[7]);
            voids.put(b, new long[7]);
        }
        for (Day d : days) {
            int i = labels.indexOf(d.day().toString());
            if (i >= 0) {
                sales.get(d.branch())[i] = d.sales();
                voids.get(d.branch())[i] = d.voids() + d.refunds();
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("days", labels);
        data.put("sales", sales);
        data.put("voidsAndRefunds", voids);
        data.put("openBySeverity", open);
        try {
            // inside <script type="application/json">: no "</" that could close the element
            return json.writeValueAsString(data).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
