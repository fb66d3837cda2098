package io.auditoverlay.ai.evaluation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.auditoverlay.ai.support.Fixtures;
import io.auditoverlay.ai.support.OllamaStubResource;
import io.auditoverlay.ai.support.SyntheticHistory;
import io.auditoverlay.model.json.AuditJson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The evaluation through the service: a seeded history in the business-event table, branch hours
 * in the change log, the labels file posted in the simulator's format; every detector runs over
 * the span (the scheduled path), stores its anomalies, and they are scored. A second run stores
 * nothing new.
 */
@QuarkusTest
@QuarkusTestResource(OllamaStubResource.class)
class EvaluationEndpointIT {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void seededHistoryScoresAtLeast08PerClass_andASecondRunAddsNothing() throws Exception {
        Fixtures.create(dataSource);
        // The evaluation scores every anomaly in its window: events other test classes left in the
        // fixture schemas, and anomalies of earlier runs (another "now", other ids), would count as
        // false positives. The test database is the tests' own. The trail and the status changes are
        // append-only (triggers): the test database's superuser clears them with triggers off.
        Fixtures.execute(dataSource, "SET session_replication_role = replica; DELETE FROM " + Fixtures.BUSINESS
                + ".business_event; DELETE FROM " + Fixtures.CHANGES + ".change_event WHERE table_name IN ('branches', 'products');"
                + " RESET session_replication_role");
        Fixtures.execute(dataSource, "SET session_replication_role = replica; DELETE FROM insights.anomaly_status_change; "
                + "RESET session_replication_role");
        Fixtures.execute(dataSource, "DELETE FROM insights.anomaly");
        Fixtures.execute(dataSource, "DELETE FROM insights.anomaly WHERE branch_id IN ('1', '2', '3')");
        Fixtures.branch(dataSource, "1", "America/New_York", "08:00:00", "21:00:00");
        Fixtures.branch(dataSource, "2", "America/Chicago", "09:00:00", "20:00:00");
        Fixtures.branch(dataSource, "3", "America/Los_Angeles", "06:00:00", "23:00:00");
        Fixtures.product(dataSource, "1", null, "2.10");
        Fixtures.product(dataSource, "3", "II", "18.00");
        Fixtures.product(dataSource, "4", "IV", "7.25");
        SyntheticHistory history = new SyntheticHistory(1L);
        history.normal(history.plantedDrop()).planted();
        Fixtures.insert(dataSource, history.events());

        String labels = history.labels().stream().map(EvaluationEndpointIT::simulatorLine).collect(Collectors.joining("\n"));
        JsonPath result = given().contentType("text/plain").body(labels).post("/api/evaluation")
                .then().statusCode(200).extract().jsonPath();
        System.out.println(result.getString("table"));
        List<Map<String, Object>> rows = result.getList("report.rows");
        assertEquals(9, rows.size());
        for (Map<String, Object> row : rows) {
            assertEquals(1, row.get("labels"), row.toString());
            assertTrue(((Number) row.get("matchedLabels")).intValue() == 1, "recall below 1: " + row);
            double precision = ((Number) row.get("truePositives")).doubleValue() / ((Number) row.get("anomalies")).doubleValue();
            assertTrue(precision >= 0.8, "precision below 0.8: " + row);
        }

        String from = result.getString("from");
        String to = result.getString("to");
        given().queryParam("from", from).queryParam("to", to).post("/api/detections").then().statusCode(200)
                .body("newAnomalies", equalTo(0));
    }

    /** A label as the simulator writes it (audit-model AnomalyLabel: camelCase, rows as table + pk). */
    private static String simulatorLine(Label label) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", label.anomalyClass() + "-1");
        line.put("class", label.anomalyClass());
        line.put("branchId", label.branchId());
        line.put("userId", label.userId());
        line.put("productId", label.productId());
        line.put("windowStart", label.windowStart().toString());
        line.put("windowEnd", label.windowEnd().toString());
        line.put("rows", List.of(Map.of("table", "sales", "pk", Map.of("id", 42))));
        try {
            return AuditJson.mapper().writeValueAsString(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
