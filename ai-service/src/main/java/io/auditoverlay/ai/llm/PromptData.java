package io.auditoverlay.ai.llm;

import io.auditoverlay.ai.config.LlmConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What may reach a prompt. Masked values ({@code [REDACTED]}) and attributes named like personal
 * data are dropped, whatever their nesting; free text is flattened to one line and cut short, so a
 * reason typed at the till stays a quoted value inside the JSON data block.
 */
public final class PromptData {

    public static final String MASK = "[REDACTED]";

    private final Set<String> excluded;
    private final Set<String> freeText;
    private final int maxTextLength;

    public PromptData(LlmConfig config) {
        this(config.excludedAttributes(), config.freeTextAttributes(), config.maxTextLength());
    }

    public PromptData(List<String> excluded, List<String> freeText, int maxTextLength) {
        this.excluded = excluded.stream().map(PromptData::normal).collect(Collectors.toSet());
        this.freeText = freeText.stream().map(PromptData::normal).collect(Collectors.toSet());
        this.maxTextLength = maxTextLength;
    }

    public boolean isFreeText(String key) {
        return key != null && freeText.contains(normal(key));
    }

    /** customer_id, customerId and CUSTOMER-ID are one name (rules files use either style). */
    static String normal(String key) {
        return key.replaceAll("[_\\-\\s]", "").toLowerCase(Locale.ROOT);
    }

    /** A cleaned deep copy; null when nothing of the value may be shown. */
    public Object clean(String key, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String name = String.valueOf(k);
                if (!excluded.contains(normal(name))) {
                    Object cleaned = clean(name, v);
                    if (cleaned != null) {
                        out.put(name, cleaned);
                    }
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> {
                Object cleaned = clean(key, v);
                if (cleaned != null) {
                    out.add(cleaned);
                }
            });
            return out;
        }
        if (value instanceof String s) {
            if (s.contains(MASK)) {
                return null;
            }
            if (isFreeText(key)) {
                String line = s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
                return line.length() > maxTextLength ? line.substring(0, maxTextLength) + "…" : line;
            }
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> cleanMap(Map<String, Object> facts) {
        return (Map<String, Object>) clean("", facts);
    }
}
