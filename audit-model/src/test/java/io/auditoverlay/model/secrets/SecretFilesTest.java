package io.auditoverlay.model.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.model.security.TokenTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

    @TempDir
    Path dir;

    @Test
    void aSecretFileStandsForItsVariableWithoutTheLineBreak() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "s3cr3t-value\n");
        Path owner = Files.writeString(dir.resolve("owner"), "owner-value");
        Map<String, String> secrets = SecretFiles.read(Map.of("AUDIT_DB_PASSWORD_FILE", pw.toString(),
                "AUDIT_DB_OWNER_PASSWORD__FILE", owner.toString(), "AUDIT_TOKENS_FILE", pw.toString()));
        assertEquals(Map.of("AUDIT_DB_PASSWORD", "s3cr3t-value", "AUDIT_DB_OWNER_PASSWORD", "owner-value"), secrets,
                "AUDIT_TOKENS_FILE is the path of a tokens file, not a secret");
    }

    @Test
    void bothTheVariableAndItsFileIsAnErrorThatNamesNoValue() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "from-file");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SecretFiles.read(
                Map.of("AUDIT_DB_PASSWORD", "from-env", "AUDIT_DB_PASSWORD_FILE", pw.toString())));
        assertTrue(e.getMessage().contains("AUDIT_DB_PASSWORD_FILE"), e.getMessage());
        assertFalse(e.getMessage().contains("from-env") || e.getMessage().contains("from-file"), e.getMessage());
    }

    @Test
    void anUnreadableFileIsAnError() {
        assertThrows(RuntimeException.class, () -> SecretFiles.read(Map.of("AUDIT_DB_PASSWORD_FILE", dir.resolve("none").toString())));
    }

    @Test
    void demoValuesAreFoundByTheirSettingNotShown() {
        Map<String, String> config = Map.of("quarkus.datasource.password", "postgres",
                "audit.security.tokens.a.sha256", TokenTable.sha256("test-auditor-token"),
                "quarkus.datasource.username", "audit", "%dev.audit.ingest.branches.local.token-sha256", TokenTable.sha256("local-dev-token"));
        assertEquals(Optional.of("audit.security.tokens.a.sha256"),
                DemoSecrets.firstDemoSetting(config.keySet().stream(), n -> Optional.ofNullable(config.get(n))));
        Map<String, String> own = Map.of("quarkus.datasource.password", "x7-Qm2pL0v", "AUDIT_DB_NAME", "audit",
                "audit.security.tokens.a.sha256", TokenTable.sha256("a-token-of-our-own"));
        assertEquals(Optional.empty(), DemoSecrets.firstDemoSetting(own.keySet().stream(), n -> Optional.ofNullable(own.get(n))));
        assertEquals(Optional.empty(), DemoSecrets.firstDemoSetting(Stream.of("%test.quarkus.datasource.password"), n -> Optional.of("postgres")),
                "another profile's settings are not this one's");
    }
}
