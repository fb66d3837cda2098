package io.auditoverlay.inference.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.inference.testing.TxBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A bad rules file stops the service with a message that names the file, rule and field. */
class RulesLoaderTest {

    private final RulesLoader loader = new RulesLoader(List.of());

    private Rules load(String yaml) {
        return loader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private String error(String yaml) {
        return assertThrows(RulesException.class, () -> load(yaml)).getMessage();
    }

    private static final String RULE = """
            rules:
              - name: r
                type: t
                when: { table: x }
                subject: { type: s, id: "after.id" }
            """;

    @Test
    void minimalFileLoadsWithDefaults() {
        Rules rules = load(RULE);
        assertEquals(List.of("r"), rules.names());
        assertEquals("data.changed", rules.fallback().type());
        assertEquals(100, rules.fallback().maxListedChanges());
        assertEquals("test.yaml", rules.origin());
    }

    @Test
    void reportsMistakesPrecisely() {
        assertTrue(error(RULE.replace("type: t", "tipe: t")).contains("unknown field 'tipe'"));
        assertTrue(error(RULE.replace("    type: t\n", "")).contains("rule 'r': missing 'type'"));
        assertTrue(error(RULE.replace("when: { table: x }", "when: { ops: [CREATE] }")).contains("missing 'when.table'"));
        assertTrue(error(RULE.replace("when: { table: x }", "when: { table: x, ops: [UPSERT] }"))
                .contains("unknown operation 'UPSERT'"));
        assertTrue(error(RULE.replace("id: \"after.id\"", "id: \"after.id +\"")).contains("subject.id: cannot parse"));
        assertTrue(error(RULE.replace("subject: { type: s, id: \"after.id\" }", "subject: { type: s }"))
                .contains("missing 'subject.type' or 'subject.id'"));
        assertTrue(error(RULE + "    hooks: [nope]\n").contains("unknown hook 'nope'"));
        assertTrue(error(RULE + "    related: { a: { where: x } }\n").contains("related set 'a' has no 'table'"));
        assertTrue(error(RULE + "    attributes: { a: \"\" }\n").contains("attribute 'a' has no expression"));
        assertTrue(error(RULE + RULE.substring(RULE.indexOf("  - "))).contains("used twice"));
        assertTrue(error("version: 2\n" + RULE).contains("unsupported rules file version 2"));
        assertTrue(error("reference: [{ table: roles }]\n" + RULE).contains("needs 'table', 'key' and 'columns'"));
        assertTrue(error("rules: [ {").contains("not a valid rules file"));
        assertTrue(error("").startsWith("test.yaml: "));
        assertTrue(error(RULE.replace("name: r", "name: ''")).contains("a rule without 'name'"));
    }

    @Test
    void missingFilesAndResources() {
        assertTrue(assertThrows(RulesException.class, () -> loader.load(Path.of("/nonexistent/rules.yaml")))
                .getMessage().contains("cannot read rules file /nonexistent/rules.yaml"));
        assertTrue(assertThrows(RulesException.class, () -> loader.loadResource("rules/none.yaml"))
                .getMessage().contains("not found on the class path"));
    }

    @Test
    void aFailingRuleFallsThroughToDataChangedWithItsError() {
        Rules rules = load(RULE + "    hooks: []\n    attributes: { boom: \"nosuchfunction(after.id)\" }\n");
        var tx = new TxBuilder("1-1-1", Instant.EPOCH)
                .insert("x", TxBuilder.row("id", 1L));
        InferenceResult result = new RuleEngine(rules, ReferenceLookup.NONE).infer(tx.assembled(), TrailLookup.EMPTY);
        assertEquals(1, result.ruleErrors().size());
        assertTrue(result.ruleErrors().get(0).startsWith("r: "));
        assertEquals(List.of("data.changed"), result.events().stream().map(e -> e.event().type()).toList());
        assertEquals(result.ruleErrors(), result.events().get(0).event().attributes().get("ruleErrors"));
    }
}
