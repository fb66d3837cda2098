package io.auditoverlay.ingest.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Debezium Server process from the cached distribution, with its own configuration, data
 * directory and HTTP port.
 */
public final class DebeziumServer {

    private final String name;
    private final Path dist;
    private final Path javaHome;
    private final Path dir;
    private final int httpPort;
    private final String extraClassPath;
    private Process process;

    public DebeziumServer(String name, Path dist, Path javaHome, Path dir, int httpPort, String extraClassPath) {
        this.name = name;
        this.dist = dist;
        this.javaHome = javaHome;
        this.dir = dir;
        this.httpPort = httpPort;
        this.extraClassPath = extraClassPath;
    }

    /** Starts with {@code base} (a Debezium Server application.properties) plus {@code overrides}. */
    public void start(String base, Map<String, String> overrides, Map<String, String> env)
            throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("config"));
        Files.createDirectories(dir.resolve("data"));
        StringBuilder config = new StringBuilder(base).append("\n## test overrides\n");
        overrides.forEach((k, v) -> config.append(k).append('=').append(v).append('\n'));
        config.append("quarkus.http.port=").append(httpPort).append('\n');
        config.append("debezium.source.offset.storage.file.filename=").append(dir.resolve("data/offsets.dat")).append('\n');
        config.append("debezium.source.schema.history.internal.file.filename=")
                .append(dir.resolve("data/schema-history.dat")).append('\n');
        Files.writeString(dir.resolve("config/application.properties"), config.toString());
        String classPath = dist.resolve("debezium-server-dist-3.6.1.Final-runner.jar") + ":" + dist.resolve("lib") + "/*"
                + (extraClassPath == null ? "" : ":" + extraClassPath);
        ProcessBuilder builder = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-Xmx384m",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "-cp", classPath, "io.debezium.server.Main")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("debezium.log").toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        awaitReady(Duration.ofSeconds(120));
    }

    private void awaitReady(Duration timeout) throws InterruptedException, IOException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Debezium Server " + name + " exited; see " + dir.resolve("debezium.log"));
            }
            try {
                HttpResponse<String> ready = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200 && Files.readString(dir.resolve("debezium.log"))
                        .contains("Keepalive thread is running")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Debezium Server " + name + " not ready; see " + dir.resolve("debezium.log"));
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("debezium.log"));
    }

    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }
}
