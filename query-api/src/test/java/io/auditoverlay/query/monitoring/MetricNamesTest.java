package io.auditoverlay.query.monitoring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * No panel or alert names a metric that nothing exports: every metric of the Pipeline dashboard
 * and of the alert rules is registered by a service's code (its Micrometer name, as Prometheus
 * spells it) or is one of the few the platform exports (scrape health, HTTP server, Kafka client).
 */
class MetricNamesTest {

    static final Path ROOT = Path.of("..");
    /** Exported by Prometheus itself, Quarkus' HTTP binder and the Kafka client binder. */
    static final Set<String> PLATFORM = Set.of("up", "http.server.requests", "kafka.consumer.fetch.manager.records.lag");
    static final Pattern REGISTERED = Pattern.compile("(?:counter|timer|summary|gauge|builder|Timed\\(value =)\\s*\\(?\"([a-z0-9_.]+)\"");
    static final Pattern METRIC = Pattern.compile("\\b([a-z][a-z0-9_]*)\\s*(?=\\{|\\[)");

    static Set<String> registered() throws IOException {
        Set<String> names = new TreeSet<>(PLATFORM);
        for (String module : List.of("ingest-service", "normalizer-service", "inference-service", "ai-service", "query-api")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = REGISTERED.matcher(Files.readString(f));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        }
        return names;
    }

    /** The Micrometer name a Prometheus series comes from. */
    static String micrometer(String series) {
        String base = series.replaceAll("_(total|seconds_count|seconds_sum|seconds_max|seconds_bucket|seconds|count|sum|max|bucket)$", "");
        return base.replace('_', '.');
    }

    static List<String> expressions() throws IOException {
        List<String> out = new ArrayList<>();
        JsonNode d = new ObjectMapper().readTree(Files.readString(ROOT.resolve("deploy/grafana/dashboards/pipeline.json")));
        d.path("panels").forEach(p -> p.path("targets").forEach(t -> out.add(t.path("expr").asText())));
        Matcher m = Pattern.compile("expr: \\|?\\s*\\n?((?:.|\\n)*?)\\n\\s+(?:for|labels):")
                .matcher(Files.readString(ROOT.resolve("deploy/prometheus/rules/audit-overlay.yml")));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void everyMetricOfThePanelsAndAlertsIsExported() throws IOException {
        Set<String> registered = registered();
        List<String> expressions = expressions();
        assertTrue(expressions.size() >= 30, "expressions found: " + expressions.size());
        Set<String> functions = Set.of("rate", "increase", "sum", "max", "min", "avg", "by", "on", "histogram_quantile", "hour",
                "and", "or", "label_values");
        List<String> dead = new ArrayList<>();
        for (String expr : expressions) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                String series = m.group(1);
                if (!functions.contains(series) && !registered.contains(micrometer(series))) {
                    dead.add(series + " in " + expr.strip());
                }
            }
        }
        assertTrue(dead.isEmpty(), "metrics nothing exports:\n" + String.join("\n", dead));
    }
}
