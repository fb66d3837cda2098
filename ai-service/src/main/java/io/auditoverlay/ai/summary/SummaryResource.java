package io.auditoverlay.ai.summary;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Internal: write a day's summary on demand, or read it back (query-api serves users). */
@Path("/api/summaries/{date}")
@Produces(MediaType.APPLICATION_JSON)
public class SummaryResource {

    private final DailySummaryService summaries;

    public SummaryResource(DailySummaryService summaries) {
        this.summaries = summaries;
    }

    @POST
    @Operation(summary = "Compute and store the summary of a local date (branch * = whole chain)")
    public DailySummary generate(@PathParam("date") String date, @QueryParam("branch") @DefaultValue("*") String branch) {
        return summaries.generate(branch(branch), date(date));
    }

    @GET
    @Operation(summary = "The stored summary of a local date")
    public DailySummary get(@PathParam("date") String date, @QueryParam("branch") @DefaultValue("*") String branch) {
        return summaries.find(branch(branch), date(date))
                .orElseThrow(() -> new NotFoundException("no summary for branch " + branch + " on " + date));
    }

    private static LocalDate date(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("date must be YYYY-MM-DD: " + value);
        }
    }

    private static String branch(String value) {
        if (value.isBlank() || value.length() > 64) {
            throw new BadRequestException("branch must be a branch id or *");
        }
        return value;
    }
}
