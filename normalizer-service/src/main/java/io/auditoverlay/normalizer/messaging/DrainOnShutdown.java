package io.auditoverlay.normalizer.messaging;

import io.auditoverlay.normalizer.config.NormalizerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Graceful shutdown: on SIGTERM, before Quarkus takes the worker pool and the Kafka connector
 * down, the raw channel is paused (it is pausable: no batch is handed to the consumer after
 * that) and the batches in hand are finished (stored, forwarded, acknowledged), so that the
 * connector commits their offsets as it closes. Records polled but not handed over are not
 * acknowledged, so their offsets are not committed: they are read again after the restart.
 * Without this the worker pool refused the queued batches and the channel stopped on the failure.
 */
@ApplicationScoped
public class DrainOnShutdown {

    private static final Logger LOG = Logger.getLogger(DrainOnShutdown.class);
    /** A batch handed over just before the pause reaches the consumer shortly after it: idle means idle this long. */
    private static final Duration QUIET = Duration.ofMillis(500);

    private final ChannelRegistry channels;
    private final RawChangeConsumer consumer;
    private final Duration timeout;

    public DrainOnShutdown(ChannelRegistry channels, RawChangeConsumer consumer, NormalizerConfig config) {
        this.channels = channels;
        this.consumer = consumer;
        this.timeout = config.drainTimeout();
    }

    void drain(@Observes ShutdownEvent event) throws InterruptedException {
        long started = System.nanoTime();
        PausableChannel raw = channels.getPausable(Channels.RAW);
        if (raw != null) {
            raw.pause();
        } else {
            LOG.warn("the raw channel is not pausable (mp.messaging.incoming.raw.pausable); draining what arrives");
        }
        int left = consumer.awaitIdle(QUIET, timeout);
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (left == 0) {
            LOG.infof("stopping: every batch received is stored and acknowledged (drained in %d ms)", ms);
        } else {
            LOG.warnf("stopping with %d batches unfinished after %d ms; they are redelivered after the restart", left, ms);
        }
    }
}
