package io.auditoverlay.e2e.dashboard;

import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

import io.auditoverlay.model.json.AuditJson;

/**
 * A private Prometheus (Debian's {@code prometheus} package) that scrapes the services of a test
 * every second, with the shipped alert rules loaded: a rule file Prometheus cannot load fails the
 * start. Its data lives under {@code target/} and goes with the process.
 */
final class PrometheusProcess implements AutoCloseable {

    static final String JOB = "audit-overlay";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;

    private PrometheusProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts it scraping {@code targets} (name → port on 127.0.0.1) as the shipped configuration names
     * the job, sending the services' metrics token from a file as the shipped configuration does.
     */
    static PrometheusProcess start(Path home, Map<String, Integer> targets, Path rules, String metricsToken) throws Exception {
        Files.createDirectories(home);
        Path token = Files.writeString(home.resolve("metrics_token"), metricsToken);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String list = targets.values().stream().map(p -> "'127.0.0.1:" + p + "'").collect(Collectors.joining(", "));
        Path config = Files.writeString(home.resolve("prometheus.yml"), """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                rule_files: ['%s/*.yml']
                scrape_configs:
                  - job_name: %s
                    metrics_path: /q/metrics
                    authorization: {credentials_file: '%s'}
                    static_configs: [{targets: [%s]}]
                """.formatted(rules.toAbsolutePath(), JOB, token.toAbsolutePath(), list));
        Process process = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(home.resolve("prometheus.log").toFile()).start();
        PrometheusProcess started = new PrometheusProcess(process, port);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited; see " + home.resolve("prometheus.log"));
            }
            return started.get("/-/ready").statusCode() == 200;
        });
        return started;
    }

    /** The series an instant query returns (its {@code data.result}). */
    JsonNode query(String promql) throws Exception {
        HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = AuditJson.mapper().readTree(r.body());
        if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new AssertionError("Prometheus refused " + promql + ": " + r.body());
        }
        return body.path("data").path("result");
    }

    /** The scrape targets' health, as Prometheus reports it. */
    List<String> targetsDown() throws Exception {
        JsonNode active = AuditJson.mapper().readTree(get("/api/v1/targets").body()).path("data").path("activeTargets");
        return StreamSupport.stream(active.spliterator(), false)
                .filter(t -> !"up".equals(t.path("health").asText()))
                .map(t -> t.path("scrapeUrl").asText() + ": " + t.path("lastError").asText()).toList();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
