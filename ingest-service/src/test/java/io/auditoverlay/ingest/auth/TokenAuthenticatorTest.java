package io.auditoverlay.ingest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.auditoverlay.ingest.config.IngestConfig;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {

    private static IngestConfig.Branch branch(String token, String prefix) {
        String hash = HexFormat.of().formatHex(TokenAuthenticator.sha256(token)).toUpperCase();
        return new IngestConfig.Branch() {
            public String tokenSha256() {
                return hash;
            }

            public String topicPrefix() {
                return prefix;
            }

            public Optional<String> branchId() {
                return Optional.empty();
            }
        };
    }

    @Test
    void resolvesATokenToItsBranchAndNothingElse() {
        Map<String, IngestConfig.Branch> branches = Map.of("north", branch("t-north", "pos-north"),
                "south", branch("t-south", "pos-south"));
        IngestConfig config = (IngestConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {IngestConfig.class}, (proxy, method, args) -> method.getName().equals("branches")
                        ? branches : method.getName().equals("kafkaTimeout") ? Duration.ZERO : null);
        TokenAuthenticator auth = new TokenAuthenticator(config);
        assertEquals(Optional.of(new Branch("south", "pos-south")), auth.authenticate("t-south"));
        assertEquals(Optional.of(new Branch("north", "pos-north")), auth.authenticate("t-north"));
        assertEquals(Optional.empty(), auth.authenticate("t-north "));
        assertEquals(Optional.empty(), auth.authenticate(""));
        assertEquals(Optional.empty(), auth.authenticate(null));
    }
}
