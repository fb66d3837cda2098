package io.auditoverlay.ai.health;

import io.auditoverlay.ai.config.LlmConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the model's reachability without failing readiness: without Ollama the service still
 * detects, summarises and explains with templates, so it is degraded, not down. The check stays UP
 * and says {@code ollama: unreachable} and {@code texts: template}.
 */
@Readiness
@ApplicationScoped
public class OllamaReadiness implements HealthCheck {

    private static final Duration RECHECK = Duration.ofSeconds(15);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI tags;
    private final String model;
    private final boolean enabled;
    private volatile boolean reachable;
    private volatile Instant checkedAt = Instant.EPOCH;

    public OllamaReadiness(@ConfigProperty(name = "quarkus.langchain4j.ollama.base-url") String baseUrl,
            @ConfigProperty(name = "quarkus.langchain4j.ollama.chat-model.model-id", defaultValue = "llama3.2") String model,
            LlmConfig config) {
        this.tags = URI.create(baseUrl.replaceAll("/+$", "") + "/api/tags");
        this.model = model;
        this.enabled = config.enabled();
    }

    @Override
    public HealthCheckResponse call() {
        if (!enabled) {
            return HealthCheckResponse.named("llm").up().withData("ollama", "disabled").withData("texts", "template").build();
        }
        if (checkedAt.plus(RECHECK).isBefore(Instant.now())) {
            reachable = probe();
            checkedAt = Instant.now();
        }
        return HealthCheckResponse.named("llm").up()
                .withData("ollama", reachable ? "reachable" : "unreachable")
                .withData("model", model)
                .withData("texts", reachable ? "model" : "template (degraded)")
                .build();
    }

    private boolean probe() {
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(tags).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
