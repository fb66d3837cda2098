package io.auditoverlay.query.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.auditoverlay.query.web.ApiException;

/**
 * A pool with every connection in use answers, after its acquisition timeout, with the failure that
 * {@link Rows#failure} turns into 503 (overloaded: try again), not 500: checked against Agroal's
 * real exception, so a change of its wording fails here rather than in production.
 */
class PoolBusyIT {

    @Test
    void noFreeConnectionInTimeIsBusyNotBroken() throws SQLException {
        String url = "jdbc:postgresql://" + env("AUDIT_DB_HOST", "127.0.0.1") + ":" + env("AUDIT_DB_PORT", "5432") + "/postgres";
        AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(1).acquisitionTimeout(Duration.ofMillis(200))
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(url)
                                .principal(new NamePrincipal(env("AUDIT_DB_USER", "postgres")))
                                .credential(new SimplePassword(env("AUDIT_DB_PASSWORD", "")))));
        try (AgroalDataSource pool = AgroalDataSource.from(config); Connection held = pool.getConnection()) {
            SQLException timeout = assertThrows(SQLException.class, pool::getConnection);
            RuntimeException mapped = Rows.failure("reading business events", timeout);
            ApiException busy = assertInstanceOf(ApiException.class, mapped, "not a 500: " + mapped);
            assertEquals(503, busy.status());
            assertTrue(busy.getMessage().startsWith("reading business events: every database connection is in use"));
            assertTrue(held.isValid(1));
        }
        assertInstanceOf(IllegalStateException.class, Rows.failure("reading", new SQLException("relation does not exist")),
                "any other failure stays a server fault (500)");
    }

    private static String env(String name, String fallback) {
        return System.getenv().getOrDefault(name, fallback);
    }
}
