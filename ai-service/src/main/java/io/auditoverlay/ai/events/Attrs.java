package io.auditoverlay.ai.events;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Defensive reads of business event attributes. Rules files evolve and other schemas map
 * differently, so a missing or oddly typed attribute yields empty, never an exception.
 */
public final class Attrs {

    private Attrs() {
    }

    public static Optional<Object> get(Map<String, Object> attributes, String... keys) {
        if (attributes == null) {
            return Optional.empty();
        }
        for (String key : keys) {
            Object value = attributes.get(key);
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** The first of {@code keys} that holds a number (or a numeric string). */
    public static Optional<BigDecimal> decimal(Map<String, Object> attributes, String... keys) {
        if (attributes == null) {
            return Optional.empty();
        }
        for (String key : keys) {
            Optional<BigDecimal> value = toDecimal(attributes.get(key));
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    public static Optional<BigDecimal> toDecimal(Object value) {
        if (value instanceof BigDecimal d) {
            return Optional.of(d);
        }
        if (value instanceof Number n) {
            return Optional.of(new BigDecimal(n.toString()));
        }
        if (value instanceof String s && !s.isBlank()) {
            try {
                return Optional.of(new BigDecimal(s.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A scalar rendered as text (ids may arrive as numbers or strings). */
    public static Optional<String> text(Map<String, Object> attributes, String... keys) {
        return get(attributes, keys).filter(v -> !(v instanceof Map) && !(v instanceof List))
                .map(Attrs::scalarText).filter(s -> !s.isBlank());
    }

    public static String scalarText(Object value) {
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    /** true, 1, "true", "1", "yes" are true; anything else, or absence, is empty or false. */
    public static Optional<Boolean> bool(Map<String, Object> attributes, String... keys) {
        return get(attributes, keys).map(v -> {
            if (v instanceof Boolean b) {
                return b;
            }
            if (v instanceof Number n) {
                return n.intValue() != 0;
            }
            String s = v.toString().trim().toLowerCase();
            return s.equals("true") || s.equals("1") || s.equals("yes");
        });
    }

    /** A list of maps (e.g. sale items); elements that are not maps are skipped. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> maps(Map<String, Object> attributes, String key) {
        Object value = attributes == null ? null : attributes.get(key);
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(Map.class::isInstance).map(m -> (Map<String, Object>) m).toList();
    }
}
