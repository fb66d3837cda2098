package io.auditoverlay.ai.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A stand-in for Ollama speaking its HTTP API ({@code /api/chat}, {@code /api/generate},
 * {@code /api/tags}, non-streaming), recording every request body so tests can inspect prompts.
 * Answers come from a replaceable function of the last user message.
 */
public final class OllamaStub {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile Function<String, String> answer = prompt -> "";
    private volatile Duration delay = Duration.ZERO;
    private HttpServer server;

    public OllamaStub(int port) {
        this.port = port;
    }

    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/api/chat", this::chat);
        server.createContext("/api/generate", this::generate);
        server.createContext("/api/tags", this::tags);
        // A thread per request: a slow answer must not hold up the others (or the readiness probe).
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public int port() {
        return server != null ? server.getAddress().getPort() : port;
    }

    public void answer(Function<String, String> fn) {
        answer = fn;
    }

    /** Answer /api/chat this long after the request arrived (a slow model); zero: at once. */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    /** Request bodies of /api/chat and /api/generate, oldest first. */
    public List<String> requests() {
        return requests;
    }

    private void chat(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(body);
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        JsonNode request = JSON.readTree(body);
        String prompt = "";
        for (JsonNode message : request.path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                prompt = message.path("content").asText();
            }
        }
        ObjectNode response = JSON.createObjectNode();
        response.put("model", request.path("model").asText());
        response.put("created_at", Instant.now().toString());
        response.putObject("message").put("role", "assistant").put("content", answer.apply(prompt));
        response.put("done", true);
        response.put("done_reason", "stop");
        response.put("total_duration", 1_000_000);
        response.put("prompt_eval_count", 10);
        response.put("eval_count", 10);
        send(exchange, 200, response.toString());
    }

    private void generate(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(body);
        JsonNode request = JSON.readTree(body);
        ObjectNode response = JSON.createObjectNode();
        response.put("model", request.path("model").asText());
        response.put("created_at", Instant.now().toString());
        response.put("response", answer.apply(request.path("prompt").asText()));
        response.put("done", true);
        send(exchange, 200, response.toString());
    }

    private void tags(HttpExchange exchange) throws IOException {
        send(exchange, 200, "{\"models\":[{\"name\":\"stub-model:latest\",\"model\":\"stub-model:latest\","
                + "\"modified_at\":\"2026-11-25T00:00:00Z\",\"size\":1,\"digest\":\"0\",\"details\":{\"format\":\"gguf\"}}]}");
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
