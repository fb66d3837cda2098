package io.auditoverlay.e2e.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The PromQL the shipped Pipeline dashboard and alert rules run, read from {@code deploy/}.
 */
final class DashboardQueries {

    /** A panel's query: where it comes from and what it runs. */
    record Query(String source, String text) {
    }

    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*\\})?");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "increase", "irate",
            "histogram_quantile", "hour", "and", "or", "unless", "bool", "offset", "absent", "label_values", "by", "without",
            "on", "ignoring", "group_left", "group_right", "time", "vector", "scalar");

    private final Path root;

    DashboardQueries(Path root) {
        this.root = root;
    }

    /** Every target of the Pipeline dashboard, its variables set to "All". */
    List<Query> pipelinePanels() throws IOException {
        List<Query> out = new ArrayList<>();
        JsonNode d = new ObjectMapper().readTree(Files.readString(root.resolve("deploy/grafana/dashboards/pipeline.json")));
        for (JsonNode panel : d.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText().replace("$instance", ".*").replace("$branch", ".*");
                out.add(new Query("panel '" + panel.path("title").asText() + "'", expr));
            }
        }
        return out;
    }

    /** Every alert rule's expression. */
    List<Query> alertRules() throws IOException {
        List<Query> out = new ArrayList<>();
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("deploy/prometheus/rules/audit-overlay.yml").toFile());
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                out.add(new Query("alert " + rule.path("alert").asText(), rule.path("expr").asText().strip()));
            }
        }
        return out;
    }

    /**
     * The series selectors of an expression (metric name and label matchers), without functions,
     * grouping labels, ranges and numbers: each must select something for the expression to mean
     * anything, whether or not its comparison holds right now.
     */
    static Set<String> selectors(String expr) {
        String bare = expr.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\[[^]]*\\]", " ").replaceAll("\"[^\"]*\"", "\"\"");
        Set<String> out = new LinkedHashSet<>();
        Matcher names = SELECTOR.matcher(bare);
        while (names.find()) {
            String name = names.group(1);
            if (PROMQL_WORDS.contains(name)) {
                continue;
            }
            // Put the original matchers back (the blanking above emptied their strings).
            Matcher original = Pattern.compile(Pattern.quote(name) + "\\s*(\\{[^}]*\\})?").matcher(expr);
            out.add(original.find() && original.group(1) != null ? name + original.group(1) : name);
        }
        return out;
    }
}
