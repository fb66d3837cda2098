package io.auditoverlay.inference.rules;

import io.auditoverlay.inference.assembly.AssembledTransaction;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventTypes;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.change.Operation;
import io.auditoverlay.model.change.SourcePosition;
import io.auditoverlay.model.id.EventIds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in {@code schema.changed} business event: one per DDL change (the normalizer's
 * {@link Operation#DDL} events, one per DDL statement on an audited table), whatever the rules
 * file says. Rules never anchor on a DDL change and the fallback never lists one
 * (docs/inference-rules.md, "schema.changed").
 */
final class SchemaChangedEvents {

    static final String TYPE = BusinessEventTypes.SCHEMA_CHANGED;
    static final String RULE = "schema-changed";

    private SchemaChangedEvents() {
    }

    static boolean isDdl(CanonicalChangeEvent change) {
        return change.op() == Operation.DDL;
    }

    /** The event for one DDL change of the transaction. */
    static InferredEvent of(AssembledTransaction<?> tx, CanonicalChangeEvent change) {
        String subject = change.qualifiedTable();
        Map<String, Object> after = change.after() == null ? Map.of() : change.after();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("database", change.database());
        attributes.put("table", change.table());
        attributes.put("change", after.get("change"));
        attributes.put("ddl", after.get("ddl"));
        if (after.get("tables") != null) {
            attributes.put("tables", after.get("tables"));
        }
        SourcePosition p = change.position();
        if (p != null) {
            attributes.put("gtid", p.gtid());
            attributes.put("binlogFile", p.file());
            attributes.put("binlogPosition", p.pos());
            attributes.put("serverId", p.serverId());
        }
        BusinessEvent event = new BusinessEvent(EventIds.businessEventId(tx.transactionId(), RULE, "table:" + subject), TYPE, change.branchId(), null, "table", subject, change.committedAt(), tx.transactionId(),
                attributes, List.of(change.eventId()));
        return new InferredEvent(event, RULE, tx.partial());
    }
}
