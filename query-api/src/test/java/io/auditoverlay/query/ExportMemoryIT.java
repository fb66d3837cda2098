package io.auditoverlay.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.auditoverlay.query.support.AuditSchemas;
import io.auditoverlay.query.support.Tokens;
import io.auditoverlay.query.support.TrailFixture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * 100k business events of about 2 KB each (over 200 MB as NDJSON) exported through a JVM that
 * has far less heap than that (surefire runs this class alone with -Xmx192m, see pom.xml): it
 * only passes if the export streams.
 */
@QuarkusTest
@QuarkusTestResource(AuditSchemas.class)
@EnabledIfSystemProperty(named = "audit.export-memory-test", matches = "true", disabledReason = "runs in the export-memory execution")
class ExportMemoryIT {

    static final int ROWS = 100_000;
    static final String BRANCH = AuditSchemas.branch(5);

    @TestHTTPResource("/api/v1/export")
    URL export;

    @BeforeAll
    static void load() {
        TrailFixture.exec("""
                INSERT INTO business.business_event (id, type, branch_id, actor_user_id, subject_type, subject_id, occurred_at,
                    transaction_id, attributes, source_event_ids, rule, partial)
                SELECT gen_random_uuid(), 'sale.completed', ?, 'u' || (g % 40), 'sale', 'm' || g,
                       timestamptz '2026-09-01 00:00:00+00' + g * interval '20 seconds', ? || g,
                       jsonb_build_object('total', g % 300, 'note', repeat('x', 2000)), '{}', 'bulk', false
                FROM generate_series(1, ?) g""", BRANCH, "qa" + AuditSchemas.RUN + ":bulk-", ROWS);
    }

    @Test
    void streamsOneHundredThousandRowsInBoundedMemory() throws Exception {
        long max = Runtime.getRuntime().maxMemory();
        assertTrue(max < 256L * 1024 * 1024, "this test must run with a small heap, got " + max / 1024 / 1024 + " MB");
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        HttpRequest request = HttpRequest.newBuilder(URI.create(export + "?from=2026-09-01&to=2026-10-01&branch=" + BRANCH))
                .header("Authorization", "Bearer " + Tokens.AUDITOR).build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertEquals(String.valueOf(ROWS), response.headers().firstValue("X-Audit-Row-Count").orElseThrow());
        long lines = 0;
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = response.body()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        assertEquals(ROWS, lines);
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf("export: %d rows, %d MB streamed; heap max %d MB, peak used %d MB%n",
                lines, bytes / 1024 / 1024, max / 1024 / 1024, peakHeap / 1024 / 1024);
        // Buffered whole, the body alone would not fit in this heap.
        assertTrue(bytes > max, "the export (" + bytes / 1024 / 1024 + " MB) must be larger than the heap");
    }
}
