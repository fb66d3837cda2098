package io.auditoverlay.ai.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JVM options ./overlay gives ai-service (deploy/local/lib.sh, service_jvm_options) and those of
 * the image compose and Kubernetes run (deploy/docker/Dockerfile.jvm) make a JVM that runs out of
 * heap exit, so that it is restarted, instead of going on with dead threads.
 */
class JvmOptionsTest {

    @Test
    void aServiceJvmExitsOnOutOfMemoryError() throws Exception {
        Process options = new ProcessBuilder("bash", "-c", ". ../deploy/local/lib.sh && service_jvm_options ai-service").start();
        String text = new String(options.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, options.waitFor());
        assertTrue(text.contains("-XX:+ExitOnOutOfMemoryError"), text);

        Path dir = Files.createDirectories(Path.of("target", "oom-test"));
        Path hog = dir.resolve("Hog.java");
        Files.writeString(hog, """
                public class Hog {
                    public static void main(String[] args) throws Exception {
                        // A thread dies of the error while main sleeps: without the flag the JVM would live on.
                        Thread t = new Thread(() -> {
                            java.util.List<byte[]> all = new java.util.ArrayList<>();
                            while (true) { all.add(new byte[1 << 20]); }
                        });
                        t.start();
                        Thread.sleep(60_000);
                        System.out.println("still alive");
                    }
                }
                """);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(text.split("\\s+")));
        command.add("-Xmx64m");
        command.add(hog.toString());
        Process jvm = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(jvm.waitFor(45, TimeUnit.SECONDS), "the JVM exits");
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jvm.exitValue() != 0 && output.contains("Terminating due to java.lang.OutOfMemoryError"), output);

        String dockerfile = Files.readString(Path.of("../deploy/docker/Dockerfile.jvm"));
        assertTrue(dockerfile.matches("(?s).*JAVA_OPTS_APPEND=\"[^\"]*-XX:\\+ExitOnOutOfMemoryError.*"), "the image's JVM options");
    }
}
