package io.auditoverlay.query.security;

import io.auditoverlay.model.security.TokenTable;
import io.auditoverlay.security.Roles;
import java.util.Optional;
import java.util.Set;

/**
 * Who is asking, and which branches they may see.
 *
 * @param branches the visible branches, or empty for all of them
 */
public record Caller(String name, String role, Optional<Set<String>> branches) {

    public static final String BRANCHES_ATTRIBUTE = "audit.branches";

    /** The caller a known token stands for. */
    public static Caller of(TokenTable.Entry token) {
        return new Caller(token.name(), token.role(), token.branches());
    }

    public boolean restricted() {
        return branches.isPresent();
    }

    /** Whether a row of this branch is visible; chain-wide rows (no branch) only to unrestricted callers. */
    public boolean sees(String branchId) {
        return branches.map(set -> branchId != null && set.contains(branchId)).orElse(true);
    }

    public boolean mayTriage() {
        return Roles.AUDITOR.equals(role) || Roles.BRANCH_MANAGER.equals(role);
    }
}
