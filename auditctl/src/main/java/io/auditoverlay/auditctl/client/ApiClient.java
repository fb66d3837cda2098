package io.auditoverlay.auditctl.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small client of query-api's REST interface. */
public class ApiClient {

    private final HttpClient http;
    private final ObjectMapper json;
    private final String baseUrl;
    private final String token;

    public ApiClient(String baseUrl, String token, ObjectMapper json) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public JsonNode get(String path, Map<String, ?> query) {
        return json(send(request(path, query).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    public JsonNode patch(String path, Object body) {
        try {
            HttpRequest request = request(path, Map.of()).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
            return json(send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new ApiError(0, "cannot encode the request: " + e.getMessage());
        }
    }

    public JsonNode post(String path, Map<String, ?> query) {
        return json(send(request(path, query).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** A streamed answer; the caller reads and closes the body. */
    public HttpResponse<InputStream> stream(String path, Map<String, ?> query) {
        HttpResponse<InputStream> response = send(request(path, query).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 400) {
            try (InputStream in = response.body()) {
                throw problem(response.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ApiError(response.statusCode(), "HTTP " + response.statusCode());
            }
        }
        return response;
    }

    private HttpRequest.Builder request(String path, Map<String, ?> query) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path + queryString(query)))
                .timeout(Duration.ofMinutes(30)).header("Accept", "application/json, application/problem+json, */*");
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token.strip());
        }
        return b;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ApiError(0, "cannot reach query-api at " + baseUrl + " (is it running? set --url or AUDIT_URL)");
        } catch (IOException e) {
            throw new ApiError(0, "request to " + baseUrl + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(0, "interrupted");
        }
    }

    private JsonNode json(HttpResponse<String> response) {
        if (response.statusCode() >= 400) {
            throw problem(response.statusCode(), response.body());
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new ApiError(response.statusCode(), "query-api answered something that is not JSON");
        }
    }

    private ApiError problem(int status, String body) {
        String detail = null;
        try {
            JsonNode p = json.readTree(body);
            detail = p.path("detail").asText(null);
            if (detail == null) {
                detail = p.path("title").asText(null);
            }
        } catch (IOException | RuntimeException ignored) {
            // not a problem document: fall back to the status line
        }
        String hint = status == 401 ? " (set AUDIT_TOKEN to a valid token)" : "";
        return new ApiError(status, "HTTP " + status + ": " + (detail == null ? "request failed" : detail) + hint);
    }

    static String queryString(Map<String, ?> query) {
        StringJoiner j = new StringJoiner("&", "?", "");
        j.setEmptyValue("");
        new LinkedHashMap<>(query).forEach((k, v) -> {
            if (v != null && !String.valueOf(v).isBlank()) {
                j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
            }
        });
        return j.toString();
    }

    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
