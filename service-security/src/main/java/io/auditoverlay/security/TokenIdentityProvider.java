package io.auditoverlay.security;

import io.auditoverlay.model.security.TokenTable;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a bearer token into an identity: the token's name and role, and the token itself as the
 * attribute {@link #TOKEN_ATTRIBUTE} (a service adds what it derives from it with a
 * {@code SecurityIdentityAugmentor}). The metrics token becomes {@code metrics} with role {@link Roles#METRICS}.
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** The {@link TokenTable.Entry} a token identity stands for. */
    public static final String TOKEN_ATTRIBUTE = "audit.token";

    private final TokenRegistry registry;

    public TokenIdentityProvider(TokenRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        if (registry.isMetricsToken(token)) {
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(Roles.METRICS)).addRole(Roles.METRICS).build());
        }
        return registry.lookup(token)
                .map(entry -> Uni.createFrom().item(identity(entry)))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown bearer token")));
    }

    public static SecurityIdentity identity(TokenTable.Entry entry) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(entry.name()))
                .addRole(entry.role())
                .addAttribute(TOKEN_ATTRIBUTE, entry)
                .build();
    }
}
