package io.auditoverlay.query.transactions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;

import io.auditoverlay.query.db.Rows;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads {@code changes.source_transaction}: the END markers with their event counts. */
@ApplicationScoped
public class SourceTransactionRepository {

    private final DataSource dataSource;

    public SourceTransactionRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<SourceTransaction> find(String transactionId) {
        return find(transactionId, null);
    }

    /**
     * @param storedChanges the transaction's stored row changes when the caller has read them all
     *        (a trace that was not cut short), which spares a count over every partition; null: counted here
     */
    public Optional<SourceTransaction> find(String transactionId, Long storedChanges) {
        String stored = storedChanges != null ? "?::bigint"
                : "(SELECT count(*) FROM changes.change_event c WHERE c.transaction_id = t.transaction_id)";
        String sql = "SELECT t.transaction_id, t.source, t.event_count, t.data_collections::text AS data_collections, t.ended_at, "
                + stored + " AS stored FROM changes.source_transaction t WHERE t.transaction_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (storedChanges != null) {
                ps.setLong(i++, storedChanges);
            }
            ps.setString(i, transactionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SourceTransaction(rs.getString("transaction_id"), rs.getString("source"),
                        rs.getLong("event_count"), rs.getLong("stored"), rs.getString("data_collections"),
                        Rows.instant(rs, "ended_at")));
            }
        } catch (SQLException e) {
            throw Rows.failure("reading a source transaction", e);
        }
    }

    /**
     * A source transaction's END marker next to what was stored.
     *
     * @param eventCount row events the source reported for the transaction
     * @param storedChanges row changes stored for it; equal to eventCount when the trail is complete
     */
    public record SourceTransaction(String transactionId, String source, long eventCount, long storedChanges,
                                    @JsonRawValue String dataCollections, Instant endedAt) {

        @JsonProperty("complete")
        public boolean complete() {
            return eventCount == storedChanges;
        }
    }
}
