package io.auditoverlay.inference.rules;

import static io.auditoverlay.inference.testing.TxBuilder.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.inference.assembly.AssembledTransaction;
import io.auditoverlay.inference.reference.ReferenceData;
import io.auditoverlay.inference.rules.hooks.MatchingSaleHook;
import io.auditoverlay.inference.testing.Pos;
import io.auditoverlay.inference.testing.TxBuilder;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/**
 * The shipped rules (rules/pharmacy.yaml) over reference data, and helpers for tests that feed them
 * transactions shaped as the POS writes them.
 */
abstract class ShippedRules {

    static final Instant AT = Instant.parse("2026-11-25T14:30:00.250Z");

    ReferenceData reference;
    RuleEngine engine;

    @BeforeEach
    void setUp() {
        Rules rules = new RulesLoader(List.of(new MatchingSaleHook())).loadResource("rules/pharmacy.yaml");
        reference = new ReferenceData(rules.reference());
        snapshot("roles", row("id", 1, "name", "CASHIER"));
        snapshot("roles", row("id", 3, "name", "MANAGER"));
        snapshot("products", Pos.product(3, "SKU-0003", "II", "42.00", "18.00", AT.minusSeconds(86400)));
        snapshot("products", Pos.product(1, "SKU-0001", null, "6.49", "2.10", AT.minusSeconds(86400)));
        engine = new RuleEngine(rules, reference);
    }

    void snapshot(String table, Map<String, Object> row) {
        SourcePosition position = new SourcePosition(1L, "mb.000001", 4L, 0, null, true);
        reference.apply(new CanonicalChangeEvent(UUID.randomUUID(), "pos", "pharmacy", table, Operation.READ,
                Map.of("id", row.get("id")), null, row, List.of(), null, null, AT.minusSeconds(86400), null, position, "1", 1));
    }

    List<BusinessEvent> infer(TxBuilder tx) {
        return infer(tx.assembled(), TrailLookup.EMPTY);
    }

    List<BusinessEvent> infer(AssembledTransaction<?> tx, TrailLookup trail) {
        InferenceResult result = engine.infer(tx, trail);
        assertEquals(List.of(), result.ruleErrors());
        return result.events().stream().map(InferredEvent::event).toList();
    }

    static List<BusinessEvent> ofType(List<BusinessEvent> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    static void assertAllSourcesClaimed(TxBuilder tx, List<BusinessEvent> events) {
        var sources = new HashSet<UUID>();
        events.forEach(e -> sources.addAll(e.sourceEventIds()));
        tx.changes().forEach(c -> assertTrue(sources.contains(c.eventId()), "unclaimed " + c.table() + " " + c.op()));
    }
}
