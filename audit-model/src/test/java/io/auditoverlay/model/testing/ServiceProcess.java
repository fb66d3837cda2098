package io.auditoverlay.model.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) as a separate process on
 * a free port, for integration tests that need the real thing: stop it, start it again with
 * another consumer group (a replay), read its metrics and its log. Shared by the modules' ITs
 * through audit-model's test jar.
 */
public final class ServiceProcess implements AutoCloseable {

    /**
     * How long a service may take to become healthy: a process that exits fails at once, so this
     * only bounds a hang. 90 s, times {@code OVERLAY_WAIT_FACTOR} as for {@code ./overlay} (a JVM
     * took 106 s to start on this 2-core machine at load average 50).
     */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(
            90L * Long.parseLong(System.getenv().getOrDefault("OVERLAY_WAIT_FACTOR", "1")));

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the jar with {@code env} added to this process's environment and waits until its
     * readiness check is UP.
     *
     * @param jar the service's {@code quarkus-run.jar}
     * @param log where its output goes
     */
    public static ServiceProcess start(Path jar, Path log, Map<String, String> env) throws Exception {
        return start(jar, log, env, "/q/health/ready");
    }

    /**
     * As {@link #start(Path, Path, Map)}, but waits only until the service is live: for a test of
     * a service that cannot be ready (a dependency it needs is unreachable).
     */
    public static ServiceProcess startLive(Path jar, Path log, Map<String, String> env) throws Exception {
        return start(jar, log, env, "/q/health/live");
    }

    private static ServiceProcess start(Path jar, Path log, Map<String, String> env, String healthPath) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the service first (mvn verify packages before it runs ITs)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("AUDIT_METRICS_TOKEN", METRICS_TOKEN);
        asServiceRole(builder.environment(), env.containsKey("AUDIT_DB_OWNER_PASSWORD_FILE"));
        builder.environment().putAll(env);
        ServiceProcess started = new ServiceProcess(builder.start(), port, log);
        try {
            started.await(healthPath, START_TIMEOUT);
        } catch (Exception | AssertionError e) {
            started.close(); // a service that did not come up must not outlive the test
            throw e;
        }
        return started;
    }

    /**
     * The environment of a packaged service in a test: it logs in as its own role (<database>_normalizer,
     * … made by ./overlay infra), not as the user the tests run as; the test database is migrated by
     * the module tests as the local superuser, so Flyway runs as that one (docs/security.md, "Tests").
     */
    public static void asServiceRole(Map<String, String> environment, boolean ownerPasswordFromFile) {
        String superuser = environment.getOrDefault("AUDIT_DB_USER", "postgres");
        environment.remove("AUDIT_DB_USER");
        environment.remove("AUDIT_DB_PASSWORD");
        environment.put("AUDIT_DB_OWNER", superuser);
        // Quarkus uses Flyway's own login only when both its user and password are set (else the
        // datasource's); the local PostgreSQL trusts 127.0.0.1, so any password does.
        if (!ownerPasswordFromFile) {
            environment.put("AUDIT_DB_OWNER_PASSWORD",
                    System.getenv().getOrDefault("AUDIT_DB_PASSWORD", "").isEmpty() ? "trusted-locally" : System.getenv("AUDIT_DB_PASSWORD"));
        }
    }

    private String jar() {
        return String.join(" ", process.info().arguments().orElse(new String[0]));
    }

    private void await(String healthPath, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(jar() + " exited:\n" + Files.readString(log));
            }
            try {
                if (get(healthPath).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(healthPath + " not UP in " + timeout + ":\n" + Files.readString(log));
    }

    public int port() {
        return port;
    }

    /**
     * The metrics token every started service gets (AUDIT_METRICS_TOKEN) and {@link #counter} sends:
     * random, since a packaged service refuses the demo values (test-metrics-token is the module tests').
     */
    public static final String METRICS_TOKEN = "metrics-" + java.util.UUID.randomUUID();

    /** A GET with {@code Authorization: Bearer <token>}. */
    public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of a Prometheus counter (sum over its tags), 0 when absent. */
    public double counter(String name) throws IOException, InterruptedException {
        double sum = 0;
        HttpResponse<String> metrics = get("/q/metrics", METRICS_TOKEN);
        if (metrics.statusCode() != 200) {
            throw new IllegalStateException("/q/metrics answered " + metrics.statusCode() + " to the metrics token");
        }
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Override
    public String toString() {
        return log.getFileName().toString();
    }

    /** The process id (a test may SIGSTOP/SIGCONT the service it started, to make it fall behind). */
    public long pid() {
        return process.pid();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: graceful shutdown finishes the batch in hand
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
