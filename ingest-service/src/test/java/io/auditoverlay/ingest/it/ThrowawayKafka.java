package io.auditoverlay.ingest.it;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private single-node Kafka (KRaft) on its own ports and data directory, started from the Kafka
 * jars the local stack caches, so that a test can stop and restart a broker without touching the
 * shared one. Its data survives {@link #stop()}: a restart serves the same topics.
 */
public final class ThrowawayKafka {

    private final Path libs;
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    public ThrowawayKafka(Path libs, Path dir, int port, int controllerPort) {
        this.libs = libs;
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public void start() throws IOException, InterruptedException {
        Path config = dir.resolve("server.properties");
        if (!Files.exists(config)) {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(config, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "inter.broker.listener.name=PLAINTEXT",
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                    "log.dirs=" + dir.resolve("data"),
                    "num.partitions=1",
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "auto.create.topics.enable=true", ""));
            String uuid = run(List.of("kafka.tools.StorageTool", "random-uuid")).trim();
            String[] lines = uuid.split("\n");
            run(List.of("kafka.tools.StorageTool", "format", "--standalone", "-t", lines[lines.length - 1].trim(),
                    "-c", config.toString()));
        }
        process = new ProcessBuilder(java(), "-Xmx384m", "-cp", libs + "/*", "kafka.Kafka", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kafka.log").toFile()))
                .start();
        awaitPort(true, Duration.ofSeconds(60));
    }

    /** Stops the broker the hard way (SIGKILL), as a crash or a network cut would look to clients. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
            process = null;
            awaitPort(false, Duration.ofSeconds(20));
        }
    }

    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", libs + "/*"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("kafka " + args + " failed: " + out);
        }
        return out;
    }

    private void awaitPort(boolean open, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean listening;
            try (Socket s = new Socket("127.0.0.1", port)) {
                listening = true;
            } catch (IOException e) {
                listening = false;
            }
            if (listening == open) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Kafka on " + port + (open ? " did not start" : " did not stop"));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
