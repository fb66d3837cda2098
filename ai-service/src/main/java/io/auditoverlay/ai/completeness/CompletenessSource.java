package io.auditoverlay.ai.completeness;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One source the completeness checks read: a POS database, through its capture user, and its
 * name in the trail ({@code change_event.source}).
 */
public record CompletenessSource(String name, String url, String user, String password, List<String> databases,
        Optional<List<String>> tables) {

    @Override
    public String toString() {
        return "CompletenessSource[" + name + " " + url + " as " + user + "]"; // never the password
    }

    /**
     * Every configured source: {@code source-url}'s first (when set), then {@code sources.<key>} by key.
     * Two sources with one trail name would check the same chain twice and each report the other's rows
     * as gaps: refused.
     */
    static List<CompletenessSource> of(CompletenessConfig config) {
        List<CompletenessSource> all = new ArrayList<>();
        config.sourceUrl().ifPresent(url -> all.add(new CompletenessSource(config.sourceName(), url, config.sourceUser(),
                config.sourcePassword().orElse(""), config.databases(), config.tables())));
        for (Map.Entry<String, CompletenessConfig.Source> e : new TreeMap<>(config.sources()).entrySet()) {
            CompletenessConfig.Source s = e.getValue();
            all.add(new CompletenessSource(s.name(), s.url(), s.user(), s.password().orElse(""),
                    s.databases().orElse(config.databases()), s.tables().or(config::tables)));
        }
        Set<String> names = new HashSet<>();
        for (CompletenessSource s : all) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("two completeness sources are named " + s.name()
                        + " (audit.ai.completeness.source-name and sources.<key>.name must differ)");
            }
        }
        return List.copyOf(all);
    }
}
