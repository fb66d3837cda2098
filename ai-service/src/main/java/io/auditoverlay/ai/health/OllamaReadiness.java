package io.auditoverlay.ai.health;

import io.auditoverlay.ai.config.LlmConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the model's reachability without failing readiness: without Ollama the service still
 * detects, summarises and explains with templates, so it is degraded, not down. The check stays UP
 * and says {@code ollama: unreachable} and {@code texts: template}. Ollama is probed in the
 * background every 15 s (see {@link BackgroundProbe}): an Ollama that does not answer never slows
 * the readiness request.
 */
@Readiness
@Startup
@ApplicationScoped
public class OllamaReadiness implements HealthCheck {

    private static final Duration RECHECK = Duration.ofSeconds(15);

    private final String model;
    private final boolean enabled;
    private final BackgroundProbe probe;

    public OllamaReadiness(@ConfigProperty(name = "quarkus.langchain4j.ollama.base-url") String baseUrl,
            @ConfigProperty(name = "quarkus.langchain4j.ollama.chat-model.model-id", defaultValue = "llama3.2") String model,
            LlmConfig config, Clock clock) {
        this.model = model;
        this.enabled = config.enabled();
        URI tags = URI.create(baseUrl.replaceAll("/+$", "") + "/api/tags");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.probe = enabled ? new BackgroundProbe("ollama", () -> {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(tags).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 ? null : "HTTP " + response.statusCode();
        }, RECHECK, clock) : null;
    }

    @Override
    public HealthCheckResponse call() {
        if (!enabled) {
            return HealthCheckResponse.named("llm").up().withData("ollama", "disabled").withData("texts", "template").build();
        }
        boolean reachable = probe.healthy(RECHECK.multipliedBy(2));
        return HealthCheckResponse.named("llm").up()
                .withData("ollama", reachable ? "reachable" : "unreachable")
                .withData("model", model)
                .withData("texts", reachable ? "model" : "template (degraded)")
                .build();
    }

    @PreDestroy
    void stop() {
        if (probe != null) {
            probe.close();
        }
    }
}
