package io.auditoverlay.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.auditoverlay.query.support.AuditSchemas;
import io.auditoverlay.query.support.Tokens;
import io.auditoverlay.query.support.TrailFixture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The auditctl wrapper script, as a separate process, against the packaged query-api. */
@QuarkusIntegrationTest
@QuarkusTestResource(AuditSchemas.class)
class AuditctlIT {

    static long saleId;

    @TestHTTPResource("/")
    URL url;

    @BeforeAll
    static void data() {
        saleId = TrailFixture.next();
        TrailFixture.sale(AuditSchemas.branch(2), saleId, "u3", Instant.parse("2026-10-11T09:30:00Z"));
    }

    record Run(int exit, String out, String err) {
    }

    Run auditctl(String... args) throws Exception {
        Path script = Path.of("..", "auditctl", "bin", "auditctl").toAbsolutePath();
        Path jar = Path.of("..", "auditctl", "target", "auditctl-all.jar");
        assertTrue(Files.exists(jar), "build auditctl first: mvn -pl auditctl,query-api -am verify -Pit");
        List<String> command = new ArrayList<>(List.of("sh", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("AUDIT_URL", url.toString());
        pb.environment().put("AUDIT_TOKEN", Tokens.MANAGER);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void wrapperTracesAndExports() throws Exception {
        Run trace = auditctl("trace", "sale:" + saleId);
        assertEquals(0, trace.exit(), trace.err());
        assertTrue(trace.out().contains("sale.completed"), trace.out());
        Path file = Files.createTempFile("export", ".ndjson");
        Run export = auditctl("export", "--from", "2026-10-11", "--to", "2026-10-12", "--format", "ndjson", "--kind", "changes",
                "--branch", AuditSchemas.branch(2), "--out", file.toString());
        assertEquals(0, export.exit(), export.err());
        assertEquals(7, Files.readAllLines(file).size());
        Run other = auditctl("trace", "sale:" + saleId + "@" + AuditSchemas.branch(9));
        assertEquals(5, other.exit(), other.err());
        assertTrue(other.err().startsWith("auditctl: HTTP 404"), other.err());
    }
}
