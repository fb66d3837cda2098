package io.auditoverlay.ai.detect;

import io.auditoverlay.ai.events.Attrs;
import io.auditoverlay.model.business.BusinessEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * Attribute readings the detectors share: the names inference-service's shipped rules use
 * (camelCase, rules/pharmacy.yaml) first, then snake_case aliases for rules files written for
 * other schemas.
 */
public final class Events {

    private Events() {
    }

    public static Optional<String> reason(BusinessEvent e) {
        return Attrs.text(e.attributes(), "reason", "adjustment_reason").map(String::toUpperCase);
    }

    public static Optional<BigDecimal> delta(BusinessEvent e) {
        Optional<BigDecimal> delta = Attrs.decimal(e.attributes(), "delta", "quantity_delta");
        if (delta.isPresent()) {
            return delta;
        }
        Optional<BigDecimal> before = Attrs.decimal(e.attributes(), "quantityBefore", "quantity_before", "old_quantity");
        Optional<BigDecimal> after = Attrs.decimal(e.attributes(), "quantityAfter", "quantity_after", "new_quantity", "quantity");
        return before.isPresent() && after.isPresent() ? Optional.of(after.get().subtract(before.get())) : Optional.empty();
    }

    public static Optional<String> productId(BusinessEvent e) {
        Optional<String> id = Attrs.text(e.attributes(), "product_id", "productId");
        if (id.isPresent()) {
            return id;
        }
        return "product".equals(e.subjectType()) ? Optional.ofNullable(e.subjectId()) : Optional.empty();
    }

    /** Who did it: the event's actor, else the user an attribute names. */
    public static Optional<String> actor(BusinessEvent e) {
        if (e.actorUserId() != null && !e.actorUserId().isBlank()) {
            return Optional.of(e.actorUserId());
        }
        return Attrs.text(e.attributes(), "voidedBy", "refundedBy", "cashierUserId", "user_id", "user", "voided_by");
    }

    public static String actorOr(BusinessEvent e, String fallback) {
        return actor(e).orElse(fallback);
    }

    public static String txOrId(BusinessEvent e) {
        return e.transactionId() != null ? e.transactionId() : String.valueOf(e.id());
    }

    public static String money(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
