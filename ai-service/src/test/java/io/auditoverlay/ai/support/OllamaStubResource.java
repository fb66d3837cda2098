package io.auditoverlay.ai.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/** Starts the Ollama stub on a free port and points quarkus-langchain4j at it. */
public class OllamaStubResource implements QuarkusTestResourceLifecycleManager {

    public static OllamaStub stub;

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            stub = new OllamaStub(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            stub.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.langchain4j.ollama.base-url", "http://127.0.0.1:" + stub.port());
    }

    @Override
    public void stop() {
        stub.stop();
    }
}
