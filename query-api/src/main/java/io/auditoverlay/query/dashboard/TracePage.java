package io.auditoverlay.query.dashboard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.auditoverlay.query.business.BusinessEventView;
import io.auditoverlay.query.changes.ChangeView;
import io.auditoverlay.query.trace.TraceService;
import io.auditoverlay.query.trace.TraceView;
import io.auditoverlay.query.web.Params;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** A trace by transaction, sale, product at a branch, user or event, down to each row's before and after. */
@Path("/ui/trace")
@PermitAll
public class TracePage {

    private final Ui ui;
    private final TraceService traces;
    private final Template page;
    private final ObjectMapper json;
    private final DashboardConfig config;

    public TracePage(Ui ui, TraceService traces, @Location("dashboard/trace.html") Template page, ObjectMapper json,
                     DashboardConfig config) {
        this.config = config;
        this.ui = ui;
        this.traces = traces;
        this.page = page;
        this.json = json;
    }

    /** One column of a row change: its value before and after ({@code null}: absent). */
    public record Column(String name, String before, String after, boolean changed) {
    }

    /** A stored row change with its columns laid out for reading. */
    public record Row(ChangeView change, List<Column> columns) {
    }

    /** A business event with the rows it was inferred from. */
    public record Event(BusinessEventView event, List<Row> rows) {
    }

    @GET
    public Response trace(@QueryParam("ref") String ref, @QueryParam("sale") String sale, @QueryParam("product") String product,
                          @QueryParam("branch") String branch, @QueryParam("user") String user,
                          @QueryParam("transaction") String transaction) {
        return ui.render("trace", s -> {
            String r = ref(ref, sale, product, branch, user, transaction);
            var t = page.data("ref", r).data("branch", Params.text(branch));
            if (r == null) {
                return t.data("trace", null).data("events", List.of()).data("other", List.of());
            }
            TraceView trace = traces.trace(traces.parse(r), s.caller(), config.traceMaxEvents(), config.traceMaxChanges());
            List<Event> events = trace.businessEvents().stream()
                    .map(e -> new Event(e.event(), e.changes().stream().map(this::row).toList())).toList();
            return t.data("trace", trace).data("events", events).data("other", trace.otherChanges().stream().map(this::row).toList());
        });
    }

    /** The trace reference the form's fields name; a free {@code ref} wins. */
    static String ref(String ref, String sale, String product, String branch, String user, String transaction) {
        if (Params.text(ref) != null) {
            return ref.strip();
        }
        if (Params.text(sale) != null) {
            return "sale:" + sale.strip();
        }
        if (Params.text(product) != null) {
            return "product:" + product.strip() + (Params.text(branch) == null ? "" : "@" + branch.strip());
        }
        if (Params.text(user) != null) {
            return "user:" + user.strip();
        }
        return Params.text(transaction);
    }

    Row row(ChangeView c) {
        JsonNode before = parse(c.before());
        JsonNode after = parse(c.after());
        Set<String> names = new LinkedHashSet<>();
        fields(before, names);
        fields(after, names);
        Set<String> declared = c.changedColumns() == null ? Set.of() : Set.copyOf(c.changedColumns());
        List<Column> columns = new ArrayList<>();
        for (String name : names) {
            String b = text(before, name);
            String a = text(after, name);
            boolean changed = declared.contains(name) || !Objects.equals(b, a);
            // an UPDATE shows what changed; a CREATE or DELETE shows the whole row
            if (!"UPDATE".equals(c.op()) || changed) {
                columns.add(new Column(name, b, a, changed));
            }
        }
        return new Row(c, columns);
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static void fields(JsonNode node, Set<String> names) {
        if (node != null && node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
        }
    }

    private static String text(JsonNode node, String name) {
        if (node == null || !node.has(name)) {
            return null;
        }
        JsonNode v = node.get(name);
        return v.isNull() ? "null" : v.isValueNode() ? v.asText() : v.toString();
    }
}
