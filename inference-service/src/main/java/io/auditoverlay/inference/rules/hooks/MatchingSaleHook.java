package io.auditoverlay.inference.rules.hooks;

import io.auditoverlay.inference.rules.HookContext;
import io.auditoverlay.inference.rules.RuleHook;
import io.auditoverlay.inference.rules.Values;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventTypes;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * For a refund: was the sale it names ever completed, as far as the audit trail knows? A refund
 * against a sale the trail never saw completed (or against no sale at all) is what loss
 * prevention looks for. Needs code because it reads earlier business events, not rows of the
 * transaction.
 *
 * <p>Reads attributes {@code saleId} and {@code amount}; adds {@code matchingSale} (boolean),
 * {@code matchingSaleEventId}, {@code matchingSaleTotal} and {@code exceedsSaleTotal}.
 */
@Singleton
public final class MatchingSaleHook implements RuleHook {

    public static final String NAME = "matching-sale";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(HookContext context) {
        String saleId = Values.text(context.attributes().get("saleId"));
        Optional<BusinessEvent> sale = saleId == null ? Optional.empty()
                : context.trail().find(BusinessEventTypes.SALE_COMPLETED, "sale", saleId, context.branchId());
        context.attributes().put("matchingSale", sale.isPresent());
        if (sale.isEmpty()) {
            return;
        }
        context.attributes().put("matchingSaleEventId", sale.get().id().toString());
        Object total = sale.get().attributes() == null ? null : sale.get().attributes().get("total");
        context.attributes().put("matchingSaleTotal", total);
        BigDecimal amount = decimal(context.attributes().get("amount"));
        BigDecimal saleTotal = decimal(total);
        if (amount != null && saleTotal != null) {
            context.attributes().put("exceedsSaleTotal", amount.compareTo(saleTotal) > 0);
        }
    }

    private static BigDecimal decimal(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
