package io.auditoverlay.query.security;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, from its security identity. */
@RequestScoped
public class CurrentCaller {

    private final SecurityIdentity identity;

    public CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller get() {
        if (identity == null || identity.isAnonymous()) {
            throw new UnauthorizedException("a bearer token is required");
        }
        Caller caller = identity.getAttribute(Caller.BRANCHES_ATTRIBUTE);
        if (caller == null) {
            throw new UnauthorizedException("not a token identity");
        }
        return caller;
    }
}
