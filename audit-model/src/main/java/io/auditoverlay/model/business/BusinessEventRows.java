package io.auditoverlay.model.business;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one mapping between {@link BusinessEvent} and a row of {@code business.business_event}
 * (inference-service's migrations; docs/architecture.md, "PostgreSQL"), in plain JDBC: the writer
 * (inference-service), the readers (ai-service) and the test fixtures share it.
 */
public final class BusinessEventRows {

    /** The columns {@link #read} needs and {@link #bind} fills, in this order. */
    public static final String COLUMNS =
            "id, type, branch_id, actor_user_id, subject_type, subject_id, occurred_at, transaction_id, attributes, source_event_ids";
    /** The placeholders for {@link #COLUMNS} in an INSERT (attributes is jsonb). */
    public static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?";
    /** How many parameters {@link #bind} sets. */
    public static final int PARAMETERS = 10;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private BusinessEventRows() {
    }

    /**
     * The event of the result set's current row, by column name ({@code attributes} may be jsonb
     * or its text). Its attributes map is mutable: a reader may add what the row says beside them.
     */
    public static BusinessEvent read(ResultSet rs, ObjectMapper json) throws SQLException {
        Array sources = rs.getArray("source_event_ids");
        List<UUID> sourceIds = sources == null ? List.of()
                : Arrays.stream((Object[]) sources.getArray()).map(UUID.class::cast).toList();
        return new BusinessEvent(rs.getObject("id", UUID.class), rs.getString("type"), rs.getString("branch_id"),
                rs.getString("actor_user_id"), rs.getString("subject_type"), rs.getString("subject_id"),
                rs.getTimestamp("occurred_at").toInstant(), rs.getString("transaction_id"),
                attributes(rs.getString("attributes"), json), sourceIds);
    }

    /** Binds the event's {@link #COLUMNS} to parameters 1 to {@link #PARAMETERS}, its attributes as JSON text. */
    public static void bind(PreparedStatement ps, BusinessEvent e, String attributesJson) throws SQLException {
        ps.setObject(1, e.id());
        ps.setString(2, e.type());
        ps.setString(3, e.branchId());
        ps.setString(4, e.actorUserId());
        ps.setString(5, e.subjectType());
        ps.setString(6, e.subjectId());
        ps.setTimestamp(7, Timestamp.from(e.occurredAt()));
        ps.setString(8, e.transactionId());
        ps.setString(9, attributesJson);
        List<UUID> sources = e.sourceEventIds() == null ? List.of() : e.sourceEventIds();
        ps.setArray(10, ps.getConnection().createArrayOf("uuid", sources.toArray()));
    }

    private static Map<String, Object> attributes(String text, ObjectMapper json) throws SQLException {
        if (text == null) {
            return new LinkedHashMap<>();
        }
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new SQLDataException("stored attributes are not JSON", e);
        }
    }
}
