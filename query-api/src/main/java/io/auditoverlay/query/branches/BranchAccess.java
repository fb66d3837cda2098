package io.auditoverlay.query.branches;

import io.auditoverlay.query.security.Caller;
import io.auditoverlay.query.web.ApiException;
import io.auditoverlay.query.web.Params;

/** Another branch's data does not exist for a restricted caller: it answers 404, not 403. */
public final class BranchAccess {

    private BranchAccess() {
    }

    /** Fails with 404 when the caller names a branch they may not see. */
    public static void requireVisible(Caller caller, String branch) {
        if (branch != null && !branch.isBlank() && !caller.sees(branch.strip())) {
            throw ApiException.notFound("no branch " + Params.clip(branch.strip()));
        }
    }
}
