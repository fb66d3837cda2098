package io.auditoverlay.ai.reference;

import java.util.Optional;

/** Branch hours and product facts the detectors look up. */
public interface ReferenceData {

    BranchHours branch(String branchId);

    Optional<ProductInfo> product(String productId);
}
