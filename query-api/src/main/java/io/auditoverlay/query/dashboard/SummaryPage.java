package io.auditoverlay.query.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.TreeSet;

import io.auditoverlay.query.summaries.SummaryService;
import io.auditoverlay.query.summaries.SummaryView;
import io.auditoverlay.query.web.ApiException;
import io.auditoverlay.query.web.Params;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** A branch's (or the chain's) daily summary as ai-service wrote it; yesterday by default. */
@Path("/ui/summaries")
@PermitAll
public class SummaryPage {

    private final Ui ui;
    private final SummaryService summaries;
    private final Template summary;

    public SummaryPage(Ui ui, SummaryService summaries, @Location("dashboard/summaries.html") Template summary) {
        this.ui = ui;
        this.summaries = summaries;
        this.summary = summary;
    }

    @GET
    public Response summaries(@QueryParam("branch") String branch, @QueryParam("date") String date) {
        return ui.render("summaries", s -> {
            LocalDate day = Params.text(date) == null ? LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC).minusDays(1)
                    : Params.date("date", date, Instant.now());
            String chosen = Params.text(branch) != null ? branch.strip()
                    : s.caller().branches().map(set -> new TreeSet<>(set).first()).orElse(SummaryService.CHAIN);
            SummaryView found = null;
            String missing = null;
            try {
                found = summaries.get(s.caller(), day.toString(), chosen);
            } catch (ApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
                missing = e.getMessage();
            }
            return summary.data("s", found).data("missing", missing).data("day", day).data("branch", chosen)
                    .data("previous", day.minusDays(1)).data("next", day.plusDays(1));
        });
    }

}
