package io.auditoverlay.ai.health;

import io.agroal.api.AgroalDataSource;
import io.auditoverlay.ai.config.OperationsConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * PostgreSQL reachability, probed in the background (Quarkus' own datasource check is off: it
 * waits for a pooled connection, up to the pool's acquisition timeout, inside the health request).
 * DOWN when no {@code SELECT 1} succeeded within {@code audit.ai.operations.probe-stale}.
 */
@Readiness
@Startup
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    private final BackgroundProbe probe;
    private final Duration stale;

    public DatabaseReadiness(AgroalDataSource dataSource, OperationsConfig config, Clock clock) {
        this.stale = config.probeStale();
        this.probe = new BackgroundProbe("database", () -> {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.setQueryTimeout(5);
                s.execute("SELECT 1");
                return null;
            }
        }, config.probeEvery(), clock);
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = probe.healthy(stale);
        return HealthCheckResponse.named("database").status(up)
                .withData("last-success", String.valueOf(probe.lastSuccess()))
                .withData("last-error", up ? "" : probe.lastError())
                .build();
    }

    @PreDestroy
    void stop() {
        probe.close();
    }
}
