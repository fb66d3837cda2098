package io.auditoverlay.ai.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.auditoverlay.ai.config.OperationsConfig;
import io.auditoverlay.ai.health.JobHealth;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

class JobHealthTest {

    @Test
    void repeatedFailuresOfAJobTurnHealthDownAndOneSuccessClearsThem() {
        JobHealth health = new JobHealth(config(3), Clock.systemUTC());
        assertEquals(Status.UP, health.call().getStatus());
        health.succeeded("detection");
        health.failed("daily-summary", new IllegalStateException("database gone"));
        health.failed("daily-summary", new NoClassDefFoundError("io/auditoverlay/ai/summary/SummaryFacts"));
        assertEquals(Status.UP, health.call().getStatus());
        health.failed("daily-summary", new IllegalStateException("database gone"));
        assertEquals(Status.DOWN, health.call().getStatus());
        assertEquals(3, health.failures("daily-summary"));
        health.succeeded("daily-summary");
        assertEquals(Status.UP, health.call().getStatus());
    }

    static OperationsConfig config(int maxFailures) {
        return new OperationsConfig() {
            public int maxConsecutiveFailures() {
                return maxFailures;
            }

            public Duration probeEvery() {
                return Duration.ofMillis(50);
            }

            public Duration probeStale() {
                return Duration.ofMillis(500);
            }

            public Duration detectionMaxCatchUp() {
                return Duration.ofDays(35);
            }

            public Duration detectionCatchUpStep() {
                return Duration.ofDays(1);
            }

            public int summaryMaxCatchUpDays() {
                return 35;
            }
        };
    }
}
