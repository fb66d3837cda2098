package io.auditoverlay.ingest.bench;

import io.auditoverlay.ingest.support.Captured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;

/**
 * Throughput and latency of a running ingest-service, in the http sink's way (one event per request,
 * one request at a time, as Debezium Server sends them) and in batches.
 *
 * <pre>
 * java -cp ingest-service/target/test-classes:ingest-service/target/classes:$(cat cp.txt) \
 *   io.auditoverlay.ingest.bench.IngestBenchmark http://127.0.0.1:8081/ingest TOKEN PREFIX [events] [batch]
 * </pre>
 * The token must belong to a branch whose prefix is PREFIX. Prints events/s and latency percentiles.
 */
public final class IngestBenchmark {

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String token = args[1];
        String prefix = args[2];
        int events = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        Captured.Request insert = Captured.requests().get(3).rewritten(prefix, "bench", "0-0-1");
        String key = "{\"id\":1}";
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String body = batch == 1 ? insert.body() : batchBody(insert.body(), key, batch);
        int requests = Math.max(1, events / batch);

        for (int i = 0; i < Math.min(200, requests); i++) {
            send(client, uri, token, body, key, batch);
        }
        long[] latencies = new long[requests];
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            long t = System.nanoTime();
            send(client, uri, token, body, key, batch);
            latencies[i] = System.nanoTime() - t;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("mode=%s events=%d requests=%d bytes/event=%d events/s=%.0f latency p50=%.1fms p95=%.1fms p99=%.1fms max=%.1fms%n",
                batch == 1 ? "http-sink (1 event/request)" : "batch of " + batch, requests * batch, requests,
                insert.body().length(), requests * batch / seconds, ms(latencies, 0.50), ms(latencies, 0.95),
                ms(latencies, 0.99), latencies[latencies.length - 1] / 1e6);
    }

    private static void send(HttpClient client, URI uri, String token, String body, String key, int batch)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("content-type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (batch == 1) {
            request.header("X-DEBEZIUM-AUDIT.KEY", Base64.getEncoder().encodeToString(
                    ("{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"" + key.replace("\"", "\\\"") + "\"}")
                            .getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
    }

    private static String batchBody(String event, String key, int n) {
        String record = "{\"key\":" + key + ",\"value\":" + event + "}";
        return "[" + String.join(",", Collections.nCopies(n, record)) + "]";
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
