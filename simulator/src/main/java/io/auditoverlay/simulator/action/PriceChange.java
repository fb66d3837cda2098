package io.auditoverlay.simulator.action;

import io.auditoverlay.simulator.db.Sql;
import java.math.BigDecimal;
import java.time.Instant;

/** A shelf price changed chain-wide: a single {@code products} update. */
public final class PriceChange extends PosAction {

    private final long productId;
    private final BigDecimal price;

    public PriceChange(Instant at, long productId, BigDecimal price) {
        super(0, at);
        this.productId = productId;
        this.price = price;
    }

    @Override
    public void assignIds(IdAllocator ids) {
        // updates an existing row
    }

    @Override
    public void render(StringBuilder sql) {
        sql.append("UPDATE products SET unit_price = ").append(Sql.num(price)).append(", updated_at = ")
                .append(Sql.ts(at())).append(" WHERE id = ").append(productId).append(";\n");
    }

    @Override
    public int rowChanges() {
        return 1;
    }
}
