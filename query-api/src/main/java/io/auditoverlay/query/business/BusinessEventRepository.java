package io.auditoverlay.query.business;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
            + "transaction_id, attributes::text AS attributes, source_event_ids, rule, partial";

    private final DataSource dataSource;

    public BusinessEventRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Page<BusinessEventView> list(BusinessEventFilter f, Caller caller, int limit, Cursor cursor) {
        Sql sql = filter(f, caller).after(cursor, "occurred_at", "id", "uuid");
        List<BusinessEventView> rows = query(sql, " ORDER BY occurred_at DESC, id DESC LIMIT ?", limit + 1);
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

    /** Events about a subject, newest first; for a user also what they did. */
    public List<BusinessEventView> bySubject(String subjectType, String subjectId, String branch, Caller caller, int max) {
        Sql sql = new Sql();
        if ("user".equals(subjectType)) {
            sql.andAll("((subject_type = ? AND subject_id = ?) OR actor_user_id = ?)", subjectType, subjectId, subjectId);
        } else {
            sql.andAll("subject_type = ? AND subject_id = ?", subjectType, subjectId);
        }
        sql.and("branch_id = ?", branch).scope(caller, "branch_id");
        return query(sql, " ORDER BY occurred_at DESC, id DESC LIMIT ?", max);
    }

    public Sql filter(BusinessEventFilter f, Caller caller) {
        return new Sql()
                .and("type = ?", f.type())
                .and("branch_id = ?", f.branch())
                .and("actor_user_id = ?", f.actor())
                .and("subject_type = ?", f.subjectType())
                .and("subject_id = ?", f.subjectId())
                .and("transaction_id = ?", f.transactionId())
                .and("attributes::text ILIKE ? ESCAPE '\\'", f.text() == null ? null : "%" + escapeLike(f.text()) + "%")
                .and("occurred_at >= ?", f.from())
                .and("occurred_at < ?", f.to())
                .scope(caller, "branch_id");
    }

    /** LIKE wildcards in a search text are literal characters. */
    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private List<BusinessEventView> query(Sql sql, String tail, Object... trailing) {
        String text = "SELECT " + COLUMNS + " FROM business.business_event" + sql.where() + tail;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = sql.prepare(c, text, trailing);
             ResultSet rs = ps.executeQuery()) {
            List<BusinessEventView> out = new ArrayList<>();
            while (rs.next()) {
                out.add(map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw Rows.failure("reading business events", e);
        }
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
                Rows.boolOrNull(rs, "partial"));
    }
}
