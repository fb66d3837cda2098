package io.auditoverlay.query.business;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

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

    private final DataSource dataSource;
    private final BusinessEventSearch search;

    public BusinessEventRepository(DataSource dataSource, BusinessEventSearch search) {
        this.dataSource = dataSource;
        this.search = search;
    }

    public Page<BusinessEventView> list(BusinessEventFilter f, Caller caller, int limit, Cursor cursor) {
        List<BusinessEventView> rows = f.text() == null
                ? query(filter(f, caller).after(cursor, "occurred_at", "id", "uuid"), NEWEST + " LIMIT ?", limit + 1)
                : search.find(f, caller, limit + 1, cursor);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            BusinessEventView last = rows.get(limit - 1);
            next = new Cursor(last.occurredAt(), last.id().toString()).encode();
        }
        return new Page<>(List.copyOf(rows), limit, next);
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
    static Sql filter(BusinessEventFilter f, Caller caller, boolean textIndexOnly) {
        String type = textIndexOnly ? "(type || '')" : "type";
        String branch = textIndexOnly ? "(branch_id || '')" : "branch_id";
        return new Sql()
                .and(type + " = ?", f.type())
                .and(branch + " = ?", f.branch())
                .and("actor_user_id = ?", f.actor())
                .and("subject_type = ?", f.subjectType())
                .and("subject_id = ?", f.subjectId())
                .and("transaction_id = ?", f.transactionId())
                .and("attributes::text ILIKE ? ESCAPE '\\'", f.text() == null ? null : BusinessEventSearch.like(f.text()))
                .and("occurred_at >= ?", f.from())
                .and("occurred_at < ?", f.to())
                .scope(caller, branch);
    }

    private List<BusinessEventView> query(Sql sql, String tail, Object... trailing) {
        return run(sql, "SELECT " + COLUMNS + " FROM business.business_event" + sql.where() + tail, trailing);
    }

    private List<BusinessEventView> run(Sql sql, String text, Object... trailing) {
        return run(dataSource, sql, text, trailing);
    }

    static List<BusinessEventView> run(DataSource dataSource, Sql sql, String text, Object... trailing) {
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
