package io.auditoverlay.ai.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ai-service's /api/* with the production policy: no token → 401, a non-auditor → 403, an auditor → through. */
@QuarkusTest
@TestProfile(ApiAccessIT.AuditorOnly.class)
class ApiAccessIT {

    public static class AuditorOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.auth.permission.api.policy", "auditor",
                    // "test-agent-token", as in query-api's tests
                    "audit.security.tokens.test-agent.sha256", "35b2bb3a5b4d34df22a92be43937cc2f80cd28a56058987f353eead93101074a",
                    "audit.security.tokens.test-agent.role", "ai-agent");
        }
    }

    @Test
    void anonymousCallsAreRefusedOnEveryEndpoint() {
        given().get("/api/summaries/2026-01-01?branch=*").then().statusCode(401);
        given().post("/api/summaries/2026-01-01?branch=*").then().statusCode(401);
        given().post("/api/evaluation").then().statusCode(401);
        given().post("/api/detections?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z").then().statusCode(401);
        given().post("/api/anomalies/00000000-0000-0000-0000-000000000000/explanation").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-token").get("/api/summaries/2026-01-01?branch=*").then().statusCode(401);
    }

    @Test
    void onlyAuditorsGetThrough_andHealthStaysOpen() {
        given().header("Authorization", "Bearer test-agent-token").get("/api/summaries/2026-01-01?branch=*").then().statusCode(403);
        given().header("Authorization", "Bearer test-auditor-token").get("/api/summaries/2026-01-01?branch=*").then()
                .statusCode(not(oneOf(401, 403)));
        given().get("/q/health/live").then().statusCode(200);
    }
}
