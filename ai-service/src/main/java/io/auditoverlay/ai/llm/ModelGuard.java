package io.auditoverlay.ai.llm;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The guard around {@link NarratorModel}: a timeout, a circuit breaker and a fallback to an empty
 * answer (the caller then keeps its template).
 *
 * <p>The call runs on a fault-tolerance thread and the caller waits for its stage, so the timeout
 * bounds what the caller waits whatever the HTTP client does: on the model's own thread a
 * blocking call to a slow model is not cut by a {@code @Timeout} (seen: langchain4j's Ollama
 * client retries a timed-out or failed request twice, 3 × the HTTP timeout before the guard saw a
 * failure, so the circuit stayed closed). The abandoned request ends by itself at
 * {@code quarkus.langchain4j.ollama.timeout} per attempt. The limits can be changed with
 * MicroProfile Fault Tolerance properties, e.g.
 * {@code io.auditoverlay.ai.llm.ModelGuard/write/Timeout/value=20000}.
 */
@ApplicationScoped
public class ModelGuard {

    private final NarratorModel model;

    public ModelGuard(NarratorModel model) {
        this.model = model;
    }

    @Asynchronous
    // In milliseconds, the unit a .../Timeout/value property is read in (a property keeps the annotation's unit).
    @Timeout(30_000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "unavailable")
    public CompletionStage<String> write(String prompt) {
        return CompletableFuture.completedFuture(model.write(prompt));
    }

    /** No model answer (timed out, failed, circuit open): the caller keeps its template text. */
    CompletionStage<String> unavailable(String prompt) {
        return CompletableFuture.completedFuture("");
    }
}
