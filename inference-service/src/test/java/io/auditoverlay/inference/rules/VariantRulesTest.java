package io.auditoverlay.inference.rules;

import static io.auditoverlay.inference.testing.TxBuilder.row;
import static io.auditoverlay.inference.testing.TxBuilder.with;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.auditoverlay.inference.reference.ReferenceData;
import io.auditoverlay.inference.testing.TxBuilder;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventTypes;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same engine, another schema: only a different rules file (src/test/resources/rules/drugstore.yaml). */
class VariantRulesTest {

    private static final Instant AT = Instant.parse("2026-11-25T09:00:00Z");

    private RuleEngine engine;

    @BeforeEach
    void setUp() {
        Rules rules = new RulesLoader(List.of()).load(Path.of("src/test/resources/rules/drugstore.yaml"));
        ReferenceData reference = new ReferenceData(rules.reference());
        TxBuilder grades = new TxBuilder("9-9-1", AT.minusSeconds(600)).key("grades", "grade")
                .insert("grades", row("grade", "S1", "label", "Sales assistant"))
                .insert("grades", row("grade", "S3", "label", "Store lead"));
        reference.applyAll(grades.changes());
        engine = new RuleEngine(rules, reference);
    }

    private List<BusinessEvent> infer(TxBuilder tx) {
        InferenceResult result = engine.infer(tx.assembled(), TrailLookup.EMPTY);
        assertEquals(List.of(), result.ruleErrors());
        return result.events().stream().map(InferredEvent::event).toList();
    }

    @Test
    void paidOrderIsASale() {
        Map<String, Object> open = row("order_no", 881L, "store_no", "S-12", "clerk", "u77", "state", "OPEN",
                "gross", new BigDecimal("20.00"), "rebate", new BigDecimal("2.00"), "net", new BigDecimal("18.00"),
                "tender", "EC", "paid_at", null);
        TxBuilder tx = new TxBuilder("9-9-2", AT).key("orders", "order_no").key("order_lines", "line_no")
                .insert("order_lines", row("line_no", 1L, "order_no", 881L, "article_no", "A-1", "qty", 2,
                        "amount", new BigDecimal("20.00")))
                .update("orders", open, with(open, "state", "PAID", "paid_at", "2026-11-25T08:59:59.500"));
        List<BusinessEvent> events = infer(tx);
        assertEquals(1, events.size());
        BusinessEvent sale = events.get(0);
        assertEquals(BusinessEventTypes.SALE_COMPLETED, sale.type());
        assertEquals("S-12", sale.branchId());
        assertEquals("u77", sale.actorUserId());
        assertEquals("881", sale.subjectId());
        assertEquals(Instant.parse("2026-11-25T08:59:59.500Z"), sale.occurredAt());
        assertEquals(new BigDecimal("18.00"), sale.attributes().get("total"));
        assertEquals(new BigDecimal("20.00"), sale.attributes().get("itemsTotal"));
        assertEquals(1, sale.attributes().get("itemCount"));
    }

    @Test
    void cancelledOrderIsAVoid() {
        Map<String, Object> paid = row("order_no", 882L, "store_no", "S-12", "clerk", "u77", "state", "PAID",
                "cancel_by", null, "cancel_why", null);
        TxBuilder tx = new TxBuilder("9-9-3", AT).key("orders", "order_no")
                .update("orders", paid, with(paid, "state", "CANCELLED", "cancel_by", "u01", "cancel_why", "test order"));
        BusinessEvent voided = infer(tx).get(0);
        assertEquals(BusinessEventTypes.SALE_VOIDED, voided.type());
        assertEquals("u01", voided.actorUserId());
        assertEquals("test order", voided.attributes().get("reason"));
    }

    @Test
    void gradeChangeIsARoleChangeWithNamesLearnedFromTheStream() {
        Map<String, Object> staff = row("staff_no", 31L, "store_no", "S-12", "login", "kim", "grade", "S1", "enabled", "Y");
        TxBuilder tx = new TxBuilder("9-9-4", AT).key("staff", "staff_no")
                .update("staff", staff, with(staff, "grade", "S3"));
        BusinessEvent changed = infer(tx).get(0);
        assertEquals(BusinessEventTypes.USER_ROLE_CHANGED, changed.type());
        assertEquals("Sales assistant", changed.attributes().get("oldRole"));
        assertEquals("Store lead", changed.attributes().get("newRole"));
        TxBuilder disable = new TxBuilder("9-9-5", AT).key("staff", "staff_no")
                .update("staff", staff, with(staff, "enabled", "N"));
        assertEquals(BusinessEventTypes.USER_DEACTIVATED, infer(disable).get(0).type());
    }

    @Test
    void priceChangeAndUnknownTables() {
        Map<String, Object> article = row("article_no", "A-1", "list_price", new BigDecimal("9.90"), "changed", "2026-11-25");
        TxBuilder tx = new TxBuilder("9-9-6", AT).key("articles", "article_no")
                .update("articles", article, with(article, "list_price", new BigDecimal("10.90")));
        BusinessEvent price = infer(tx).get(0);
        assertEquals(BusinessEventTypes.PRODUCT_PRICE_CHANGED, price.type());
        assertEquals(Instant.parse("2026-11-25T00:00:00Z"), price.occurredAt());
        TxBuilder other = new TxBuilder("9-9-7", AT).key("loyalty", "card").insert("loyalty", row("card", "C1", "clerk", "u9"));
        BusinessEvent changed = infer(other).get(0);
        assertEquals(BusinessEventTypes.DATA_CHANGED, changed.type());
        assertEquals("loyalty", changed.subjectType());
        assertEquals("C1", changed.subjectId());
        assertEquals("u9", changed.actorUserId());
    }
}
