package io.auditoverlay.model.business;

/** The business event types the shipped rules produce. Rules files may declare others. */
public final class BusinessEventTypes {

    public static final String SALE_COMPLETED = "sale.completed";
    public static final String SALE_VOIDED = "sale.voided";
    public static final String SALE_REFUNDED = "sale.refunded";
    public static final String INVENTORY_ADJUSTED = "inventory.adjusted";
    public static final String INVENTORY_RECEIVED = "inventory.received";
    public static final String PRODUCT_PRICE_CHANGED = "product.price_changed";
    public static final String USER_ROLE_CHANGED = "user.role_changed";
    public static final String USER_CREATED = "user.created";
    public static final String USER_DEACTIVATED = "user.deactivated";
    public static final String PRESCRIPTION_DISPENSED = "prescription.dispensed";
    /** A transaction no rule matched, so that nothing escapes the trail. */
    public static final String DATA_CHANGED = "data.changed";
    /** A DDL statement on an audited table (built in, whatever the rules file says). */
    public static final String SCHEMA_CHANGED = "schema.changed";

    private BusinessEventTypes() {
    }
}
