package io.auditoverlay.query.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The Prometheus configuration and alert rules, checked and unit-tested by promtool (Debian's
 * prometheus package; deploy/local/install-test-tools.sh installs it).
 */
class AlertRulesTest {

    static final Path PROMETHEUS = Path.of("..", "deploy", "prometheus");

    static String promtool(String... args) throws IOException, InterruptedException {
        Path tool = Path.of("/usr/bin/promtool");
        assertTrue(Files.isExecutable(tool), "promtool is missing: run deploy/local/install-test-tools.sh (apt-get install prometheus)");
        List<String> command = new ArrayList<>(List.of(tool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + "\n" + out);
        return out;
    }

    @Test
    void theConfigAndTheRulesAreValid() throws Exception {
        // promtool checks that the scrape's credentials_file exists: point it at a token file of the test's.
        Path token = Files.writeString(Files.createTempFile("metrics_token", ""), "test-metrics-token");
        String config = Files.readString(PROMETHEUS.resolve("prometheus.yml"))
                .replace("/run/secrets/metrics_token", token.toAbsolutePath().toString());
        Path copy = PROMETHEUS.resolve("target-test-prometheus.yml");
        Files.writeString(copy, config);
        String out;
        try {
            out = promtool("check", "config", copy.getFileName().toString());
        } finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(token);
        }
        assertTrue(config.contains(token.toAbsolutePath().toString()), "the shipped config sends the metrics token from /run/secrets/metrics_token");
        assertTrue(out.contains("1 rule files found") && out.contains("6 rules found"), out);
    }

    @Test
    void everyAlertFiresWhenItShouldAndNotOtherwise() throws Exception {
        String out = promtool("test", "rules", "tests/audit-overlay.test.yml");
        assertTrue(out.contains("SUCCESS"), out);
        String tests = Files.readString(PROMETHEUS.resolve("tests/audit-overlay.test.yml"));
        for (String alert : List.of("CaptureStalled", "DeadLetterGrowth", "ConsumerLagHigh", "ServiceDown", "AiJobFailing",
                "GroundingRejectionsRising")) {
            assertTrue(tests.contains("alertname: " + alert), alert + " has a unit test");
        }
    }
}
