package io.auditoverlay.query.security;

import io.auditoverlay.model.security.TokenTable;
import io.auditoverlay.security.TokenIdentityProvider;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Adds the {@link Caller} (name, role, visible branches) to a token identity: what query-api's resources read. */
@ApplicationScoped
public class CallerAugmentor implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        TokenTable.Entry token = identity.getAttribute(TokenIdentityProvider.TOKEN_ATTRIBUTE);
        if (token == null) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity)
                .addAttribute(Caller.BRANCHES_ATTRIBUTE, Caller.of(token)).build());
    }
}
