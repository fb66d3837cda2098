package io.auditoverlay.inference.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.auditoverlay.model.business.BusinessEventTypes;
import io.auditoverlay.model.change.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.jexl3.JexlExpression;

/**
 * Reads and checks a rules file, so that a mistake stops the service at start with a message
 * naming the rule and field, rather than misclassifying transactions later.
 */
public final class RulesLoader {

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Expressions expressions = new Expressions();
    private final Map<String, RuleHook> hooks;

    /** @param hooks the Java hooks rules may name */
    public RulesLoader(List<RuleHook> hooks) {
        this.hooks = new LinkedHashMap<>();
        for (RuleHook hook : hooks) {
            this.hooks.put(hook.name(), hook);
        }
    }

    /** Loads a rules file from the file system. */
    public Rules load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        } catch (IOException e) {
            throw new RulesException("cannot read rules file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads a rules file from the class path. */
    public Rules loadResource(String resource) {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
        if (in == null) {
            in = RulesLoader.class.getClassLoader().getResourceAsStream(resource);
        }
        if (in == null) {
            throw new RulesException("rules resource '" + resource + "' not found on the class path");
        }
        try (InputStream stream = in) {
            return load(stream, "classpath:" + resource);
        } catch (IOException e) {
            throw new RulesException("cannot read rules resource " + resource + ": " + e.getMessage(), e);
        }
    }

    Rules load(InputStream in, String origin) {
        RulesFile file;
        try {
            file = YAML.readValue(in, RulesFile.class);
        } catch (UnrecognizedPropertyException e) {
            throw new RulesException(origin + ": unknown field '" + e.getPropertyName() + "' at "
                    + e.getPathReference() + " (known: " + e.getKnownPropertyIds() + ")", e);
        } catch (JsonProcessingException e) {
            throw new RulesException(origin + ": not a valid rules file: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new RulesException(origin + ": cannot read: " + e.getMessage(), e);
        }
        if (file == null) {
            throw new RulesException(origin + ": empty rules file");
        }
        if (file.version() != null && file.version() != 1) {
            throw new RulesException(origin + ": unsupported rules file version " + file.version() + " (expected 1)");
        }
        List<CompiledRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (RulesFile.RuleSpec spec : file.rules() == null ? List.<RulesFile.RuleSpec>of() : file.rules()) {
            CompiledRule rule = compile(spec, origin);
            if (!names.add(rule.name())) {
                throw new RulesException(origin + ": rule name '" + rule.name() + "' is used twice");
            }
            rules.add(rule);
        }
        return new Rules(origin, List.copyOf(rules), references(file, origin), fallback(file.fallback()));
    }

    private CompiledRule compile(RulesFile.RuleSpec spec, String origin) {
        String name = require(spec.name(), origin + ": a rule without 'name'");
        String where = origin + ", rule '" + name + "'";
        String type = require(spec.type(), where + ": missing 'type'");
        RulesFile.MatchSpec when = spec.when();
        if (when == null || when.table() == null) {
            throw new RulesException(where + ": missing 'when.table'");
        }
        RulesFile.SubjectSpec subject = spec.subject();
        if (subject == null || subject.type() == null || subject.id() == null) {
            throw new RulesException(where + ": missing 'subject.type' or 'subject.id'");
        }
        Map<String, CompiledRule.Related> related = new LinkedHashMap<>();
        if (spec.related() != null) {
            spec.related().forEach((setName, r) -> {
                if (r == null || r.table() == null) {
                    throw new RulesException(where + ": related set '" + setName + "' has no 'table'");
                }
                related.put(setName, new CompiledRule.Related(r.table(), ops(r.ops(), where),
                        expressions.compile(r.where(), where + ", related '" + setName + "'"),
                        Boolean.TRUE.equals(r.includeAnchor())));
            });
        }
        LinkedHashMap<String, JexlExpression> attributes = new LinkedHashMap<>();
        if (spec.attributes() != null) {
            spec.attributes().forEach((attr, source) -> {
                JexlExpression compiled = expressions.compile(source, where + ", attribute '" + attr + "'");
                if (compiled == null) {
                    throw new RulesException(where + ": attribute '" + attr + "' has no expression");
                }
                attributes.put(attr, compiled);
            });
        }
        List<RuleHook> ruleHooks = new ArrayList<>();
        for (String hookName : spec.hooks() == null ? List.<String>of() : spec.hooks()) {
            RuleHook hook = hooks.get(hookName);
            if (hook == null) {
                throw new RulesException(where + ": unknown hook '" + hookName + "' (known: " + hooks.keySet() + ")");
            }
            ruleHooks.add(hook);
        }
        return new CompiledRule(name, type, when.table(), ops(when.ops(), where),
                when.changedColumns() == null ? List.of() : List.copyOf(when.changedColumns()),
                expressions.compile(when.condition(), where + ", when.condition"),
                related,
                expressions.compile(spec.condition(), where + ", condition"),
                subject.type(),
                expressions.compile(subject.id(), where + ", subject.id"),
                expressions.compile(spec.branch(), where + ", branch"),
                expressions.compile(spec.actor(), where + ", actor"),
                expressions.compile(spec.occurredAt(), where + ", occurredAt"),
                Boolean.TRUE.equals(spec.distinct()),
                attributes,
                List.copyOf(ruleHooks));
    }

    private static Set<Operation> ops(List<String> names, String where) {
        Set<Operation> ops = EnumSet.noneOf(Operation.class);
        for (String name : names == null ? List.<String>of() : names) {
            try {
                ops.add(Operation.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new RulesException(where + ": unknown operation '" + name + "' (use CREATE, UPDATE, DELETE, TRUNCATE)");
            }
        }
        return ops;
    }

    private static Map<String, RulesFile.ReferenceSpec> references(RulesFile file, String origin) {
        Map<String, RulesFile.ReferenceSpec> out = new LinkedHashMap<>();
        for (RulesFile.ReferenceSpec ref : file.reference() == null ? List.<RulesFile.ReferenceSpec>of() : file.reference()) {
            if (ref.table() == null || ref.key() == null || ref.columns() == null || ref.columns().isEmpty()) {
                throw new RulesException(origin + ": a reference table needs 'table', 'key' and 'columns'");
            }
            out.put(ref.table(), ref);
        }
        return out;
    }

    private static Rules.Fallback fallback(RulesFile.FallbackSpec spec) {
        String type = spec == null || spec.type() == null ? BusinessEventTypes.DATA_CHANGED : spec.type();
        List<String> actorColumns = spec == null || spec.actorColumns() == null ? List.of() : List.copyOf(spec.actorColumns());
        int max = spec == null || spec.maxListedChanges() == null ? 100 : spec.maxListedChanges();
        return new Rules.Fallback(type, actorColumns, max);
    }

    private static String require(String value, String message) {
        if (value == null || value.isBlank()) {
            throw new RulesException(message);
        }
        return value;
    }
}
