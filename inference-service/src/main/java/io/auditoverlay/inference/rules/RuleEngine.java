package io.auditoverlay.inference.rules;

import io.auditoverlay.inference.assembly.AssembledTransaction;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.change.CanonicalChangeEvent;
import io.auditoverlay.model.id.EventIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.jexl3.JexlExpression;

/**
 * Applies rules to one transaction.
 *
 * <p>Every rule looks at every change: a change that anchors a rule (table, operation, changed
 * columns, {@code when.condition}) yields one business event, unless the rule's {@code condition}
 * over the anchor and its related sets is false. The anchor and its related changes are then
 * <em>claimed</em>. Changes no rule claimed yield one fallback event ({@code data.changed}) for
 * the transaction, so nothing escapes the trail; a rule that fails on an anchor leaves it
 * unclaimed and names itself in the fallback's {@code ruleErrors}. A DDL change is not the rules'
 * business: it becomes the built-in {@code schema.changed} event ({@link SchemaChangedEvents}).
 *
 * <p>Ids are {@code EventIds.businessEventId(transaction, rule, subjectType:subjectId)}, with
 * {@code #2, #3…} for further events of one rule about one subject in one transaction (changes
 * are in transaction order, so the numbering is the same on every replay).
 */
public final class RuleEngine {

    private final Rules rules;
    private final ReferenceLookup reference;

    public RuleEngine(Rules rules, ReferenceLookup reference) {
        this.rules = rules;
        this.reference = reference;
    }

    public Rules rules() {
        return rules;
    }

    public InferenceResult infer(AssembledTransaction<?> tx, TrailLookup trail) {
        List<CanonicalChangeEvent> changes = tx.events();
        List<Map<String, Object>> views = new ArrayList<>(changes.size());
        for (CanonicalChangeEvent change : changes) {
            views.add(ChangeViews.of(change));
        }
        RuleFunctions functions = new RuleFunctions(tx.source(), views, reference);
        Map<String, Object> txView = new HashMap<>();
        txView.put("id", tx.transactionId());
        txView.put("source", tx.source());
        txView.put("partial", tx.partial());
        BitSet claimed = new BitSet(changes.size());
        List<InferredEvent> events = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            if (SchemaChangedEvents.isDdl(changes.get(i))) {
                events.add(SchemaChangedEvents.of(tx, changes.get(i)));
                claimed.set(i);
            }
        }
        for (CompiledRule rule : rules.rules()) {
            Map<String, Integer> perSubject = new HashMap<>();
            for (int i = 0; i < changes.size(); i++) {
                CanonicalChangeEvent anchor = changes.get(i);
                if (SchemaChangedEvents.isDdl(anchor) || !rule.anchors(anchor)) {
                    continue;
                }
                try {
                    apply(rule, tx, i, views, functions, txView, claimed, perSubject, trail, events);
                } catch (RuntimeException e) {
                    // A rule bug must not stop the pipeline: its anchor falls through to the fallback event.
                    errors.add(rule.name() + ": " + e.getMessage());
                }
            }
        }
        fallback(tx, claimed, errors).ifPresent(events::add);
        return new InferenceResult(List.copyOf(events), List.copyOf(errors));
    }

    private void apply(CompiledRule rule, AssembledTransaction<?> tx, int anchorIndex, List<Map<String, Object>> views,
            RuleFunctions functions, Map<String, Object> txView, BitSet claimed, Map<String, Integer> perSubject,
            TrailLookup trail, List<InferredEvent> out) {
        CanonicalChangeEvent anchor = tx.events().get(anchorIndex);
        RuleContext context = new RuleContext(functions, views.get(anchorIndex), txView);
        if (rule.when() != null && !Values.truthy(rule.when().evaluate(context))) {
            return;
        }
        BitSet members = new BitSet();
        members.set(anchorIndex);
        for (Map.Entry<String, CompiledRule.Related> entry : rule.related().entrySet()) {
            List<Map<String, Object>> set = new ArrayList<>();
            for (int j = 0; j < views.size(); j++) {
                if ((j == anchorIndex && !entry.getValue().includeAnchor()) || !entry.getValue().accepts(tx.events().get(j))) {
                    continue;
                }
                context.set("it", views.get(j));
                if (entry.getValue().where() == null || Values.truthy(entry.getValue().where().evaluate(context))) {
                    set.add(views.get(j));
                    members.set(j);
                }
            }
            context.set("it", null);
            context.set(entry.getKey(), set);
        }
        if (rule.condition() != null && !Values.truthy(rule.condition().evaluate(context))) {
            return;
        }
        String subjectId = Values.text(rule.subjectId().evaluate(context));
        String subjectKey = rule.subjectType() + ":" + subjectId;
        int seen = perSubject.merge(subjectKey, 1, Integer::sum);
        if (seen > 1 && rule.distinct()) {
            claimed.or(members);
            return;
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        rule.attributes().forEach((name, expression) -> attributes.put(name, expression.evaluate(context)));
        String branch = text(rule.branch(), context);
        if (branch == null) {
            branch = anchor.branchId();
        }
        for (RuleHook hook : rule.hooks()) {
            hook.apply(new HookContext(anchor, attributes, branch, trail));
        }
        Instant occurredAt = rule.occurredAt() == null ? null : Values.instant(rule.occurredAt().evaluate(context));
        if (occurredAt == null) {
            occurredAt = commitTime(tx, anchor);
        }
        List<UUID> sources = new ArrayList<>();
        members.stream().forEach(j -> sources.add(tx.events().get(j).eventId()));
        UUID id = EventIds.businessEventId(tx.transactionId(), rule.name(), seen == 1 ? subjectKey : subjectKey + "#" + seen);
        BusinessEvent event = new BusinessEvent(id, rule.type(), branch, text(rule.actor(), context), rule.subjectType(),
                subjectId, occurredAt, tx.transactionId(), attributes, List.copyOf(sources));
        out.add(new InferredEvent(event, rule.name(), tx.partial()));
        claimed.or(members);
    }

    private Optional<InferredEvent> fallback(AssembledTransaction<?> tx, BitSet claimed, List<String> errors) {
        List<CanonicalChangeEvent> unclaimed = new ArrayList<>();
        for (int i = 0; i < tx.events().size(); i++) {
            if (!claimed.get(i)) {
                unclaimed.add(tx.events().get(i));
            }
        }
        if (unclaimed.isEmpty()) {
            return Optional.empty();
        }
        Rules.Fallback spec = rules.fallback();
        CanonicalChangeEvent first = unclaimed.get(0);
        boolean oneRow = unclaimed.stream().allMatch(c -> c.table().equals(first.table())
                && Values.key(c.primaryKey()).equals(Values.key(first.primaryKey())));
        String subjectType = oneRow ? first.table() : "transaction";
        String subjectId = oneRow ? Values.key(first.primaryKey()) : tx.transactionId();
        Map<String, Long> tables = new LinkedHashMap<>();
        List<Map<String, Object>> listed = new ArrayList<>();
        String actor = null;
        String branch = null;
        for (CanonicalChangeEvent change : unclaimed) {
            tables.merge(change.table(), 1L, Long::sum);
            if (listed.size() < spec.maxListedChanges()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("table", change.table());
                item.put("op", change.op() == null ? null : change.op().name());
                item.put("primaryKey", change.primaryKey());
                item.put("changedColumns", change.changedColumns());
                listed.add(item);
            }
            if (branch == null) {
                branch = change.branchId();
            }
            if (actor == null && change.row() != null) {
                for (String column : spec.actorColumns()) {
                    Object value = change.row().get(column);
                    if (value != null) {
                        actor = Values.text(value);
                        break;
                    }
                }
            }
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("changeCount", unclaimed.size());
        attributes.put("tables", tables);
        attributes.put("changes", listed);
        if (listed.size() < unclaimed.size()) {
            attributes.put("listedChanges", listed.size());
        }
        if (!errors.isEmpty()) {
            attributes.put("ruleErrors", List.copyOf(errors));
        }
        List<UUID> sources = unclaimed.stream().map(CanonicalChangeEvent::eventId).toList();
        // A transaction closed before it was complete (a bulk load slower than the timeout, the cap on
        // held records) is inferred again from what arrives later: each such fragment's unclaimed
        // changes need an event of their own, or the later fragment's would share the first one's id
        // and never be stored. A fragment is named by its first unclaimed change, the same on redelivery.
        String key = tx.partial() ? "unclaimed@" + first.eventId() : "unclaimed";
        UUID id = EventIds.businessEventId(tx.transactionId(), Rules.Fallback.RULE, key);
        BusinessEvent event = new BusinessEvent(id, spec.type(), branch, actor, subjectType, subjectId,
                commitTime(tx, first), tx.transactionId(), attributes, sources);
        return Optional.of(new InferredEvent(event, Rules.Fallback.RULE, tx.partial()));
    }

    private static Instant commitTime(AssembledTransaction<?> tx, CanonicalChangeEvent anchor) {
        Instant committed = tx.committedAt();
        return committed != null ? committed : anchor.committedAt();
    }

    private static String text(JexlExpression expression, RuleContext context) {
        return expression == null ? null : Values.text(expression.evaluate(context));
    }
}
