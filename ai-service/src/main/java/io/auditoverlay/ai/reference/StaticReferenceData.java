package io.auditoverlay.ai.reference;

import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/** Reference data held in memory: a snapshot of the change log, or built by a test. */
public record StaticReferenceData(Map<String, BranchHours> branches, Map<String, ProductInfo> products,
        Map<String, String> roles, ZoneId defaultZone) implements ReferenceData {

    public StaticReferenceData {
        branches = Map.copyOf(branches);
        products = Map.copyOf(products);
        roles = Map.copyOf(roles);
    }

    /** Without users' roles (peers are then every colleague of the branch). */
    public StaticReferenceData(Map<String, BranchHours> branches, Map<String, ProductInfo> products, ZoneId defaultZone) {
        this(branches, products, Map.of(), defaultZone);
    }

    @Override
    public BranchHours branch(String branchId) {
        BranchHours hours = branchId == null ? null : branches.get(branchId);
        return hours != null ? hours : BranchHours.allDay(branchId, defaultZone);
    }

    @Override
    public Optional<ProductInfo> product(String productId) {
        return Optional.ofNullable(productId == null ? null : products.get(productId));
    }

    @Override
    public Optional<String> role(String userId) {
        return Optional.ofNullable(userId == null ? null : roles.get(userId));
    }
}
