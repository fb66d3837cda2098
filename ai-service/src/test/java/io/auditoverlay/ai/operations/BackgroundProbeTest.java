package io.auditoverlay.ai.operations;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditoverlay.ai.health.BackgroundProbe;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BackgroundProbeTest {

    @Test
    void aProbeThatHangsNeverHoldsUpTheAnswerAndCountsAsFailedOnceStale() throws Exception {
        AtomicBoolean answering = new AtomicBoolean(true);
        // A server that accepts connections and, once told, never answers: the hang of a dead database or Ollama.
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             BackgroundProbe probe = new BackgroundProbe("test", () -> {
                 try (Socket s = new Socket(server.getInetAddress(), server.getLocalPort())) {
                     if (!answering.get()) {
                         try (InputStream in = s.getInputStream()) {
                             in.read();
                         }
                     }
                     return null;
                 }
             }, Duration.ofMillis(50), Clock.systemUTC())) {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        server.accept();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> probe.healthy(Duration.ofMillis(300)));
            answering.set(false);
            await().atMost(Duration.ofSeconds(5)).until(() -> !probe.healthy(Duration.ofMillis(300)));
            long start = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                assertFalse(probe.healthy(Duration.ofMillis(300)));
            }
            assertTrue(System.nanoTime() - start < 100_000_000L, "answers from the last result, at once");
        }
    }

    @Test
    void aFailingProbeKeepsItsError() {
        try (BackgroundProbe probe = new BackgroundProbe("test", () -> "HTTP 503", Duration.ofMillis(20), Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> "HTTP 503".equals(probe.lastError()));
            assertFalse(probe.healthy(Duration.ofSeconds(10)));
        }
    }
}
