package io.auditoverlay.query.accesslog;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.auditoverlay.query.support.AuditSchemas;
import io.auditoverlay.query.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The JSON file log keeps at most 5 files: the same rotation as shipped (4 backups), with a
 * 16 KB limit instead of 10 MB so that a test fills it in seconds.
 */
@QuarkusTest
@QuarkusTestResource(AuditSchemas.class)
@TestProfile(AccessLogRotationIT.SmallFiles.class)
class AccessLogRotationIT {

    static final Path DIR = Path.of("target", "logs-rotation");
    static final long LIMIT = 16 * 1024;

    public static class SmallFiles implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.file.path", DIR.resolve("query-api.json.log").toString(),
                    "quarkus.log.file.rotation.max-file-size", "16K");
        }
    }

    @Test
    void keepsFiveFilesOfAtMostTheLimit() throws IOException {
        for (int i = 0; i < 200; i++) {
            given().auth().oauth2(Tokens.AGENT).queryParam("i", i).get("/api/v1/branches").then().statusCode(200);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.sorted().toList();
        }
        assertEquals(5, files.size(), "the current file and 4 backups: " + files);
        for (Path f : files) {
            // a file is rotated once a record takes it over the limit: at most one line over
            assertTrue(Files.size(f) <= LIMIT + 4096, f + " is " + Files.size(f) + " bytes");
        }
        assertTrue(Files.readString(files.get(0)).contains("\"loggerName\":\"audit.access\""));
    }

    @Test
    void shipsWithTenMegabytesTimesFiveFiles() throws IOException {
        Properties shipped = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            shipped.load(in);
        }
        assertEquals("${AUDIT_LOG_FILE_MAX_SIZE:10M}", shipped.getProperty("quarkus.log.file.rotation.max-file-size"));
        assertEquals("4", shipped.getProperty("quarkus.log.file.rotation.max-backup-index"));
        assertEquals("true", shipped.getProperty("quarkus.log.file.json.enabled"));
    }
}
