package io.auditoverlay.ai.completeness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.model.secrets.SecretFilesConfigSource;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletenessSourceTest {

    private static CompletenessConfig config(Map<String, String> properties, Map<String, String> env) {
        SmallRyeConfig c = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .withSources(new EnvConfigSource(env, 300), new SecretFilesConfigSource(env))
                .withMapping(CompletenessConfig.class)
                .build();
        return c.getConfigMapping(CompletenessConfig.class);
    }

    @Test
    void oneSourceAsBefore() {
        List<CompletenessSource> all = CompletenessSource.of(config(Map.of("audit.ai.completeness.source-url", "jdbc:mariadb://a:3306/",
                "audit.ai.completeness.source-password", "p1"), Map.of()));
        assertEquals(1, all.size());
        assertEquals("pos", all.get(0).name());
        assertEquals(List.of("pharmacy"), all.get(0).databases());
        assertFalse(all.get(0).toString().contains("p1"), "no password in a log line");
    }

    @Test
    void branchSourcesFromTheEnvironmentAfterTheFirst() {
        Map<String, String> env = new HashMap<>();
        env.put("AUDIT_AI_COMPLETENESS_SOURCES_B003_URL", "jdbc:mariadb://c:3306/");
        env.put("AUDIT_AI_COMPLETENESS_SOURCES_B003_NAME", "pos-b003");
        env.put("AUDIT_AI_COMPLETENESS_SOURCES_B002_URL", "jdbc:mariadb://b:3306/");
        env.put("AUDIT_AI_COMPLETENESS_SOURCES_B002_NAME", "pos-b002");
        env.put("AUDIT_AI_COMPLETENESS_SOURCES_B002_USER", "capture_b002");
        env.put("AUDIT_AI_COMPLETENESS_SOURCES_B002_PASSWORD", "secret-b002");
        List<CompletenessSource> all = CompletenessSource.of(config(Map.of("audit.ai.completeness.source-url", "jdbc:mariadb://a:3306/"), env));
        assertEquals(List.of("pos", "pos-b002", "pos-b003"), all.stream().map(CompletenessSource::name).toList());
        assertEquals("capture_b002", all.get(1).user());
        assertEquals("secret-b002", all.get(1).password());
        assertEquals("debezium", all.get(2).user());
        assertEquals(List.of("pharmacy"), all.get(2).databases(), "the first source's databases by default");
    }

    @Test
    void aBranchPasswordFromASecretFile(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("capture_b002"), "from-file\n");
        Map<String, String> env = Map.of("AUDIT_AI_COMPLETENESS_SOURCES_B002_URL", "jdbc:mariadb://b:3306/",
                "AUDIT_AI_COMPLETENESS_SOURCES_B002_NAME", "pos-b002",
                "AUDIT_AI_COMPLETENESS_SOURCES_B002_PASSWORD_FILE", secret.toString());
        List<CompletenessSource> all = CompletenessSource.of(config(Map.of(), env));
        assertEquals(1, all.size(), "branch sources alone, without the first");
        assertEquals("from-file", all.get(0).password());
    }

    @Test
    void twoSourcesWithOneTrailNameAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> CompletenessSource.of(config(Map.of(
                "audit.ai.completeness.source-url", "jdbc:mariadb://a:3306/",
                "audit.ai.completeness.sources.b002.url", "jdbc:mariadb://b:3306/",
                "audit.ai.completeness.sources.b002.name", "pos"), Map.of())));
        assertTrue(e.getMessage().contains("pos"));
    }
}
