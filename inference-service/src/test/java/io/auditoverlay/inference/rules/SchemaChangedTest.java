package io.auditoverlay.inference.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.auditoverlay.inference.assembly.AssembledTransaction;
import io.auditoverlay.inference.assembly.TransactionAssembler;
import io.auditoverlay.inference.reference.ReferenceData;
import io.auditoverlay.inference.rules.hooks.MatchingSaleHook;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventTypes;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A DDL change (the normalizer's op DDL) is one built-in schema.changed event, whatever the rules say. */
class SchemaChangedTest {

    private static final Instant AT = Instant.parse("2026-12-02T17:50:00Z");

    private final Rules rules = new RulesLoader(List.of(new MatchingSaleHook())).loadResource("rules/pharmacy.yaml");
    private final ReferenceData reference = new ReferenceData(rules.reference());
    private final RuleEngine engine = new RuleEngine(rules, reference);

    private static CanonicalChangeEvent ddl(String table, String statement) {
        return new CanonicalChangeEvent(UUID.randomUUID(), "pos", "pharmacy", table, Operation.DDL, Map.of(), null,
                Map.of("ddl", statement, "change", "ALTER"), List.of(), null, null, AT, AT,
                new SourcePosition(1L, "mb.000003", 4711L, 0, "0-1-88", false), "1", 1);
    }

    @Test
    void aDdlChangeIsOneSchemaChangedEventNamingTableStatementAndPosition() {
        CanonicalChangeEvent change = ddl("products", "ALTER TABLE products ADD COLUMN barcode VARCHAR(32) NULL");
        // No transaction metadata: the assembler hands it on at once, as a transaction of its own.
        TransactionAssembler<String> assembler = new TransactionAssembler<>(Duration.ofSeconds(30));
        List<AssembledTransaction<String>> closed = assembler.accept(change, "r1");
        assertEquals(1, closed.size());
        InferenceResult result = engine.infer(closed.get(0), TrailLookup.EMPTY);
        assertEquals(List.of(), result.ruleErrors());
        assertEquals(1, result.events().size(), "no data.changed fallback, no rule event: " + result.events());
        BusinessEvent event = result.events().get(0).event();
        assertEquals(BusinessEventTypes.SCHEMA_CHANGED, event.type());
        assertEquals("table", event.subjectType());
        assertEquals("pharmacy.products", event.subjectId());
        assertEquals(AT, event.occurredAt());
        assertEquals("1", event.branchId());
        assertNull(event.actorUserId());
        assertEquals(List.of(change.eventId()), event.sourceEventIds());
        Map<String, Object> a = event.attributes();
        assertEquals("ALTER TABLE products ADD COLUMN barcode VARCHAR(32) NULL", a.get("ddl"));
        assertEquals("ALTER", a.get("change"));
        assertEquals("products", a.get("table"));
        assertEquals("0-1-88", a.get("gtid"));
        assertEquals("mb.000003", a.get("binlogFile"));
        assertEquals(4711L, a.get("binlogPosition"));
        // The same change, redelivered, is the same event.
        assertEquals(event.id(), engine.infer(closed.get(0), TrailLookup.EMPTY).events().get(0).event().id());
    }

    @Test
    void aDdlChangeIsNotAReferenceRow() {
        assertEquals(Optional.empty(), reference.apply(ddl("products", "ALTER TABLE products DROP COLUMN schedule")));
    }
}
