package io.auditoverlay.ai.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.ai.config.DetectionConfig;
import io.auditoverlay.ai.config.SourceConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Branch hours, product schedules/costs and users' roles, as the newest {@code branches},
 * {@code products} and {@code users} rows in the change log say (the source schema's own truth), cached for a few minutes.
 */
@ApplicationScoped
public class ReferenceDataLoader {

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;
    private final SourceConfig source;
    private final ZoneId defaultZone;
    private volatile StaticReferenceData cached;
    private volatile Instant loadedAt = Instant.EPOCH;

    public ReferenceDataLoader(AgroalDataSource dataSource, ObjectMapper mapper, SourceConfig source, DetectionConfig detection) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.source = source;
        this.defaultZone = ZoneId.of(detection.defaultTimezone());
    }

    public StaticReferenceData current() {
        if (cached == null || loadedAt.plus(source.referenceRefresh()).isBefore(Instant.now())) {
            cached = load();
            loadedAt = Instant.now();
        }
        return cached;
    }

    public StaticReferenceData load() {
        Map<String, BranchHours> branches = new HashMap<>();
        Map<String, ProductInfo> products = new HashMap<>();
        Map<String, String> roles = new HashMap<>();
        String sql = "SELECT DISTINCT ON (table_name, primary_key) table_name, primary_key::text, after::text FROM "
                + source.changeEventTable()
                + " WHERE table_name IN ('branches', 'products', 'users') AND after IS NOT NULL AND op <> 'DDL'"
                + " ORDER BY table_name, primary_key, committed_at DESC";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                JsonNode key = mapper.readTree(rs.getString(2));
                JsonNode after = mapper.readTree(rs.getString(3));
                String id = key.has("id") ? key.get("id").asText() : after.path("id").asText();
                if ("branches".equals(rs.getString(1))) {
                    branch(id, after).ifPresent(b -> branches.put(id, b));
                } else if ("users".equals(rs.getString(1))) {
                    Optional.ofNullable(text(after, "role_id")).ifPresent(role -> roles.put(id, role));
                } else {
                    products.put(id, new ProductInfo(id, text(after, "name"), text(after, "schedule"), decimal(after, "cost")));
                }
            }
        } catch (SQLException | IOException e) {
            // Without the change log the detectors still run: all-day hours, no catalog facts, no roles.
            Log.warnf("reference data unavailable from %s (%s); using defaults", source.changeEventTable(), e.getMessage());
        }
        return new StaticReferenceData(branches, products, roles, defaultZone);
    }

    private Optional<BranchHours> branch(String id, JsonNode after) {
        try {
            ZoneId zone = after.hasNonNull("timezone") ? ZoneId.of(after.get("timezone").asText()) : defaultZone;
            LocalTime opens = after.hasNonNull("opens_at") ? LocalTime.parse(after.get("opens_at").asText()) : LocalTime.MIDNIGHT;
            LocalTime closes = after.hasNonNull("closes_at") ? LocalTime.parse(after.get("closes_at").asText()) : LocalTime.MIDNIGHT;
            return Optional.of(new BranchHours(id, zone, opens, closes));
        } catch (DateTimeException e) {
            Log.warnf("branch %s has unusable hours or time zone (%s); treated as always open", id, e.getMessage());
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) && !node.get(field).asText().isBlank() ? node.get(field).asText() : null;
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        try {
            return node.hasNonNull(field) ? new BigDecimal(node.get(field).asText()) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
