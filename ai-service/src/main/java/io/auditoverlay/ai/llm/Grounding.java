package io.auditoverlay.ai.llm;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every number in a model's text must appear in the facts it was given. Numbers count from
 * numeric fields and from structured strings (ids, dates, template explanations), never from free
 * text typed by staff: an instruction hidden in a void reason cannot ground a number it smuggles in.
 */
public final class Grounding {

    private static final Pattern NUMBER = Pattern.compile("\\d[\\d,]*(?:\\.\\d+)?");

    private final PromptData data;

    public Grounding(PromptData data) {
        this.data = data;
    }

    /** The numbers of {@code text} that the facts do not contain (empty: grounded). */
    public Set<String> ungrounded(String text, Map<String, Object> facts) {
        Set<String> allowed = new HashSet<>();
        collect("", facts, allowed);
        Set<String> missing = new TreeSet<>();
        for (String number : numbers(text)) {
            if (!allowed.contains(number)) {
                missing.add(number);
            }
        }
        return missing;
    }

    static List<String> numbers(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            String raw = m.group();
            String normal = normalize(raw);
            if (normal != null) {
                out.add(normal);
            }
        }
        return out;
    }

    /** 1,234.50 → 1234.5; a trailing sentence dot was not matched. */
    static String normalize(String raw) {
        String plain = raw.replace(",", "");
        try {
            return new BigDecimal(plain).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void collect(String key, Object value, Set<String> allowed) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collect(String.valueOf(k), v, allowed));
            allowed.add(String.valueOf(map.size()));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(key, v, allowed));
            allowed.add(String.valueOf(list.size()));
        } else if (value instanceof Number n) {
            BigDecimal d = new BigDecimal(n.toString()).abs();
            allowed.add(d.stripTrailingZeros().toPlainString());
            for (int scale = 0; scale <= 2; scale++) {
                allowed.add(d.setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
            }
        } else if (value instanceof String s && !data.isFreeText(key)) {
            allowed.addAll(numbers(s));
        }
    }
}
