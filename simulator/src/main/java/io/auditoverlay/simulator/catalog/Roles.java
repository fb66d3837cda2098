package io.auditoverlay.simulator.catalog;

import java.util.Map;

/** The reference schema's four roles, with the ids {@code deploy/source/seed.sql} gives them. */
public final class Roles {

    public static final int CASHIER = 1;
    public static final int PHARMACIST = 2;
    public static final int MANAGER = 3;
    public static final int ADMIN = 4;

    public static final Map<Integer, String> NAMES =
            Map.of(CASHIER, "CASHIER", PHARMACIST, "PHARMACIST", MANAGER, "MANAGER", ADMIN, "ADMIN");

    private Roles() {
    }
}
