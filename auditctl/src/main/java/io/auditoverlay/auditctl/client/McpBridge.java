package io.auditoverlay.auditctl.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An MCP server on stdio that is only a client of query-api's {@code /mcp} (streamable HTTP): each
 * JSON-RPC line read from stdin is POSTed with the bearer token, and what query-api answers (a JSON
 * body, or the events of a {@code text/event-stream}) is written to stdout, one message a line.
 * The session id query-api hands out at {@code initialize} goes with every later request. It holds
 * no database credentials and checks no token itself: query-api does, and records every tool call.
 */
public class McpBridge {

    private static final String SESSION = "Mcp-Session-Id";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json;
    private final URI endpoint;
    private final String token;
    private String session;

    public McpBridge(String baseUrl, String token, ObjectMapper json) {
        this.endpoint = URI.create((baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl) + "/mcp");
        this.token = token;
        this.json = json;
    }

    /** Relays until stdin ends; then closes the session. */
    public void run(InputStream in, PrintWriter out, PrintWriter log) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (!line.isBlank()) {
                relay(line.strip(), out, log);
            }
        }
        close();
    }

    void relay(String message, PrintWriter out, PrintWriter log) {
        JsonNode id = id(message);
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofMinutes(5))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(message, StandardCharsets.UTF_8));
            if (session != null) {
                request.header(SESSION, session);
            }
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response.headers().firstValue(SESSION).ifPresent(s -> session = s);
            try (InputStream body = response.body()) {
                if (response.statusCode() >= 400) {
                    String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                    fail(id, "query-api answered " + response.statusCode() + (response.statusCode() == 401
                            ? " (check AUDIT_TOKEN)" : response.statusCode() == 403 ? " (not allowed for this token)" : ""), out, log, text);
                    return;
                }
                String type = response.headers().firstValue("Content-Type").orElse("");
                if (type.startsWith("text/event-stream")) {
                    events(body, out);
                } else {
                    String text = new String(body.readAllBytes(), StandardCharsets.UTF_8).strip();
                    if (!text.isEmpty()) {
                        write(text, out);
                    }
                }
            }
        } catch (IOException e) {
            fail(id, "query-api at " + endpoint + " is unreachable: " + e.getMessage(), out, log, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(id, "interrupted", out, log, "");
        }
    }

    /** Each SSE event's data (its data: lines joined) is one JSON-RPC message. */
    private void events(InputStream body, PrintWriter out) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        StringBuilder data = new StringBuilder();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isEmpty()) {
                if (data.length() > 0) {
                    write(data.toString(), out);
                    data.setLength(0);
                }
            } else if (line.startsWith("data:")) {
                data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).stripLeading());
            }
        }
        if (data.length() > 0) {
            write(data.toString(), out);
        }
    }

    /** One message a line, as the stdio transport wants it. */
    private void write(String message, PrintWriter out) throws IOException {
        out.println(json.writeValueAsString(json.readTree(message)));
        out.flush();
    }

    /** A request gets a JSON-RPC error with its id; a notification has no answer. The log never shows the token. */
    private void fail(JsonNode id, String why, PrintWriter out, PrintWriter log, String detail) {
        log.println("auditctl mcp: " + why + (detail.isBlank() ? "" : ": " + detail.strip()));
        log.flush();
        if (id == null || id.isNull() || id.isMissingNode()) {
            return;
        }
        ObjectNode error = json.createObjectNode().put("jsonrpc", "2.0");
        error.set("id", id);
        error.putObject("error").put("code", -32000).put("message", why);
        out.println(error.toString());
        out.flush();
    }

    private JsonNode id(String message) {
        try {
            return json.readTree(message).get("id");
        } catch (IOException e) {
            return null;
        }
    }

    private void close() {
        if (session == null) {
            return;
        }
        try {
            http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + token)
                    .header(SESSION, session).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException ignored) {
            // the session expires on its own
        }
    }
}
