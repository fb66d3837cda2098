package io.auditoverlay.ai.reference;

import java.util.Optional;

/** Branch hours, product facts and users' roles the detectors look up. */
public interface ReferenceData {

    BranchHours branch(String branchId);

    Optional<ProductInfo> product(String productId);

    /** The user's current role id as the source's {@code users} table says, if the trail holds the user. */
    default Optional<String> role(String userId) {
        return Optional.empty();
    }
}
