package io.auditoverlay.query.accesslog;

import java.time.Instant;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row of {@code api.access_log}: who (token name and role) did what (method, path, query,
 * or MCP tool and arguments), what came back (status, rows, bytes), how long it took, from where.
 * Written once, never changed (the table refuses UPDATE, DELETE and TRUNCATE).
 */
@Entity
@Table(schema = "api", name = "access_log")
public class AccessLogEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public Instant at;

    @Column(nullable = false)
    public String actor;

    @Column(nullable = false)
    public String role;

    @Column(nullable = false)
    public String channel;

    public String method;
    public String path;
    public String query;
    public String tool;

    /** The MCP tool's arguments as JSON text. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String arguments;

    public int status;

    @Column(name = "rows")
    public Integer rows;

    public long bytes;

    @Column(name = "duration_ms")
    public int durationMs;

    public String client;
    public String error;
}
