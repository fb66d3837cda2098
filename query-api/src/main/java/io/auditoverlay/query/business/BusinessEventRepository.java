package io.auditoverlay.query.business;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import io.auditoverlay.query.config.QueryConfig;
import io.auditoverlay.query.db.Rows;
import io.auditoverlay.query.db.Sql;
import io.auditoverlay.query.security.Caller;
import io.auditoverlay.query.web.Cursor;
import io.auditoverlay.query.web.Page;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads {@code business.business_event}. */
@ApplicationScoped
public class BusinessEventRepository {

    public static final String COLUMNS = "id, type, branch_id, actor_user_id, subject_type, subject_id, occurred_at, "
            + "transaction_id, attributes::text AS attributes, source_event_ids, rule, partial, stored_at";

    private static final String NEWEST = " ORDER BY occurred_at DESC, id DESC";
    /** The second recent step reads this many times the first's rows. */
    public static final int WIDER_RECENT = 10;

    private final DataSource dataSource;
    private final int searchRecentRows;

    public BusinessEventRepository(DataSource dataSource, QueryConfig config) {
        this.dataSource = dataSource;
        this.searchRecentRows = config.searchRecentRows();
    }

    public Page<BusinessEventView> list(BusinessEventFilter f, Caller caller, int limit, Cursor cursor) {
        List<BusinessEventView> rows = f.text() == null
                ? query(filter(f, caller).after(cursor, "occurred_at", "id", "uuid"), NEWEST + " LIMIT ?", limit + 1)
                : search(f, caller, limit + 1, cursor);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            BusinessEventView last = rows.get(limit - 1);
            next = new Cursor(last.occurredAt(), last.id().toString()).encode();
        }
        return new Page<>(List.copyOf(rows), limit, next);
    }

    /**
     * A text search, newest first, in bounded steps. First the newest {@code searchRecentRows}
     * events that pass the other filters are read in time order and matched, then ten times as
     * many: a common text fills the page there (at 90 days, "insurance" is in 2.6 % of the events,
     * 42 of the newest 2,000 and 406 of the newest 20,000: 93 ms, where the index step took 1.5 s
     * for its 83,137 matches). Only if it does not, the text is looked up in the trigram index
     * (business_event_attributes_trgm), which is cheap exactly when the text is not common: its
     * matches are collected first (a materialised CTE, so that no plan can walk the time index
     * instead, whatever the statistics say), then windowed, ordered and cut to the page.
     */
    private List<BusinessEventView> search(BusinessEventFilter f, Caller caller, int max, Cursor cursor) {
        Sql others = filter(withoutText(f), caller).after(cursor, "occurred_at", "id", "uuid");
        String recent = "SELECT * FROM (SELECT " + COLUMNS + " FROM business.business_event" + others.where() + NEWEST
                + " LIMIT ?) recent WHERE attributes ILIKE ? ESCAPE '\\'" + NEWEST + " LIMIT ?";
        for (int rows = searchRecentRows; rows <= searchRecentRows * WIDER_RECENT; rows *= WIDER_RECENT) {
            List<BusinessEventView> found = run(others, recent, rows, like(f.text()), max);
            if (found.size() >= max) {
                return found;
            }
        }
        Sql matching = filter(new BusinessEventFilter(f.type(), f.branch(), f.actor(), f.subjectType(), f.subjectId(),
                f.transactionId(), f.text(), null, null), caller, true);
        Sql window = new Sql().and("occurred_at >= ?", f.from()).and("occurred_at < ?", f.to()).after(cursor, "occurred_at", "id", "uuid");
        String indexed = "WITH hits AS MATERIALIZED (SELECT id, occurred_at FROM business.business_event" + matching.where()
                + "), page AS MATERIALIZED (SELECT id, occurred_at FROM hits" + window.where() + NEWEST + " LIMIT ?) SELECT "
                + COLUMNS + " FROM business.business_event WHERE id IN (SELECT id FROM page)" + NEWEST;
        List<Object> values = new ArrayList<>(matching.params());
        values.addAll(window.params());
        values.add(max);
        return run(new Sql(), indexed, values.toArray());
    }

    private static BusinessEventFilter withoutText(BusinessEventFilter f) {
        return new BusinessEventFilter(f.type(), f.branch(), f.actor(), f.subjectType(), f.subjectId(), f.transactionId(), null,
                f.from(), f.to());
    }

    private static String like(String text) {
        return "%" + escapeLike(text) + "%";
    }

    public Optional<BusinessEventView> byId(UUID id) {
        return query(new Sql().and("id = ?", id), " LIMIT 1").stream().findFirst();
    }

    public List<BusinessEventView> byTransaction(String transactionId, int max) {
        return query(new Sql().and("transaction_id = ?", transactionId), " ORDER BY occurred_at, id LIMIT ?", max);
    }

    /**
     * Events about a subject, newest first; for a user also what they did. The two sides of a
     * user's trace are read separately, each in its index's order (subject, then actor), and merged:
     * an OR of both would have to collect and sort every event of a busy cashier.
     */
    public List<BusinessEventView> bySubject(String subjectType, String subjectId, String branch, Caller caller, int max) {
        Sql subject = new Sql().andAll("subject_type = ? AND subject_id = ?", subjectType, subjectId)
                .and("branch_id = ?", branch).scope(caller, "branch_id");
        if (!"user".equals(subjectType)) {
            return query(subject, NEWEST + " LIMIT ?", max);
        }
        Sql actor = new Sql().andAll("actor_user_id = ?", subjectId).and("branch_id = ?", branch).scope(caller, "branch_id");
        String text = "(SELECT " + COLUMNS + " FROM business.business_event" + subject.where() + NEWEST + " LIMIT ?) UNION "
                + "(SELECT " + COLUMNS + " FROM business.business_event" + actor.where() + NEWEST + " LIMIT ?)" + NEWEST + " LIMIT ?";
        List<Object> values = new ArrayList<>(subject.params());
        values.add(max);
        values.addAll(actor.params());
        values.add(max);
        values.add(max);
        return run(new Sql(), text, values.toArray());
    }

    public Sql filter(BusinessEventFilter f, Caller caller) {
        return filter(f, caller, false);
    }

    /**
     * The filter's predicates; with {@code textIndexOnly} the type and branch predicates are written
     * so that no index serves them ({@code type || ''}): the text search's indexed step then reads
     * the trigram index's matches and filters them, and cannot walk a whole branch's or type's
     * history instead (a branch manager's search took 1.2 s at 90 days that way).
     */
    private Sql filter(BusinessEventFilter f, Caller caller, boolean textIndexOnly) {
        String type = textIndexOnly ? "(type || '')" : "type";
        String branch = textIndexOnly ? "(branch_id || '')" : "branch_id";
        return new Sql()
                .and(type + " = ?", f.type())
                .and(branch + " = ?", f.branch())
                .and("actor_user_id = ?", f.actor())
                .and("subject_type = ?", f.subjectType())
                .and("subject_id = ?", f.subjectId())
                .and("transaction_id = ?", f.transactionId())
                .and("attributes::text ILIKE ? ESCAPE '\\'", f.text() == null ? null : like(f.text()))
                .and("occurred_at >= ?", f.from())
                .and("occurred_at < ?", f.to())
                .scope(caller, branch);
    }

    /** LIKE wildcards in a search text are literal characters. */
    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private List<BusinessEventView> query(Sql sql, String tail, Object... trailing) {
        return run(sql, "SELECT " + COLUMNS + " FROM business.business_event" + sql.where() + tail, trailing);
    }

    private List<BusinessEventView> run(Sql sql, String text, Object... trailing) {
        return sql.list(dataSource, text, BusinessEventRepository::map, "reading business events", trailing);
    }

    public static BusinessEventView map(ResultSet rs) throws SQLException {
        return new BusinessEventView(
                rs.getObject("id", UUID.class),
                rs.getString("type"),
                rs.getString("branch_id"),
                rs.getString("actor_user_id"),
                rs.getString("subject_type"),
                rs.getString("subject_id"),
                Rows.instant(rs, "occurred_at"),
                rs.getString("transaction_id"),
                rs.getString("attributes"),
                Rows.uuids(rs, "source_event_ids"),
                rs.getString("rule"),
                Rows.boolOrNull(rs, "partial"),
                Rows.instant(rs, "stored_at"));
    }
}
