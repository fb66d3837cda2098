package io.auditoverlay.model.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class DemoSecretsTest {

    private static final Map<String, String> SETTINGS = Map.of("audit.security.tokens.agent.sha256",
            "35b2bb3a5b4d34df22a92be43937cc2f80cd28a56058987f353eead93101074a", "quarkus.datasource.password", "s3cr3t-of-our-own",
            "quarkus.http.port", "8080");

    @Test
    void aTestTokensHashIsFoundByItsSettingsName() {
        assertEquals(Optional.of("audit.security.tokens.agent.sha256"),
                DemoSecrets.firstDemoSetting(SETTINGS.keySet().stream(), n -> Optional.ofNullable(SETTINGS.get(n))));
        assertEquals(Optional.empty(), DemoSecrets.firstDemoSetting(Stream.of("quarkus.datasource.password"),
                n -> Optional.ofNullable(SETTINGS.get(n))));
    }

    @Test
    void onlyTheProductionProfileRefuses() {
        assertTrue(DemoSecrets.productionProfile("prod"));
        assertTrue(DemoSecrets.productionProfile("prod,kubernetes"));
        assertFalse(DemoSecrets.productionProfile("test"));
        assertFalse(DemoSecrets.productionProfile("dev"));
        assertFalse(DemoSecrets.productionProfile("prod, test"));
    }
}
