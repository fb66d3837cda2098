package io.auditoverlay.inference.processing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditoverlay.inference.assembly.TransactionAssembler;
import io.auditoverlay.inference.config.InferenceConfig;
import io.auditoverlay.inference.config.UnackedAgeConfigSource;
import io.auditoverlay.inference.metrics.InferenceMetrics;
import io.auditoverlay.inference.reference.ReferenceData;
import io.auditoverlay.inference.rules.RuleEngine;
import io.auditoverlay.inference.rules.RuleHook;
import io.auditoverlay.inference.rules.Rules;
import io.auditoverlay.inference.rules.RulesLoader;
import io.auditoverlay.inference.store.JdbcEventStore;
import io.auditoverlay.model.change.ChangeMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Wires the inference: loads the rules (failing the start on a bad file), restores the reference
 * rows, and runs the pipeline from consumed messages to acknowledged ones.
 */
@ApplicationScoped
public class InferenceService {

    private static final Logger LOG = Logger.getLogger(InferenceService.class);

    private final InferenceConfig config;
    private final JdbcEventStore store;
    private final ReferenceData reference;
    private final InferencePipeline<Message<?>> pipeline;
    private final TransactionAssembler<Message<?>> assembler;
    private final Rules rules;

    public InferenceService(InferenceConfig config, DataSource dataSource, ObjectMapper json, EventPublisher publisher,
            MeterRegistry registry, @All List<RuleHook> hooks) {
        this.config = config;
        RulesLoader loader = new RulesLoader(hooks);
        this.rules = config.rules().file().map(file -> loader.load(Path.of(file)))
                .orElseGet(() -> loader.loadResource(config.rules().resource()));
        this.store = new JdbcEventStore(dataSource, json);
        this.reference = new ReferenceData(rules.reference());
        InferenceConfig.IntakeConfig intake = config.intake();
        IntakeGate gate = new IntakeGate(intake.maxQueuedRecords(), intake.resumeQueuedRecords());
        this.assembler = new TransactionAssembler<>(config.transactionTimeout(), config.incompleteTransactionTimeout(),
                config.maxPendingRecords(), gate::openNanos, System::nanoTime,
                maxHold(config.transactionTimeout(), config.incompleteTransactionTimeout(), intake.ackMargin()));
        InferenceMetrics metrics = new InferenceMetrics(registry);
        metrics.pending(assembler::pendingCount, assembler::pendingRecords, assembler.maxPendingRecords(),
                assembler::closedAtCap, assembler::endsDeferredAtCap);
        metrics.maxHold(assembler::closedAtMaxHold);
        BatchProcessor processor = new BatchProcessor(new RuleEngine(rules, reference), reference, store, publisher,
                config.publishTimeout());
        InferenceConfig.BatchConfig batch = config.batch();
        this.pipeline = new InferencePipeline<>(assembler, gate, processor, message -> message.ack(), metrics,
                new InferencePipeline.Settings(batch.maxTransactions(), batch.maxWait(), config.sweepInterval(),
                        config.intake().maxQueuedRecords(), config.intake().resumeQueuedRecords(), batch.initialBackoff(),
                        batch.maxBackoff()));
    }

    /**
     * The longest wall time a transaction is held open: the longer timeout plus half the margin the
     * consumer's unacknowledged-age limit adds to it ({@link UnackedAgeConfigSource}), so that a
     * transaction whose intake clock ran slowly (the consumer paused) is closed before that limit.
     */
    static Duration maxHold(Duration timeout, Duration incompleteTimeout, Duration ackMargin) {
        Duration longer = timeout.compareTo(incompleteTimeout) >= 0 ? timeout : incompleteTimeout;
        return longer.plus(ackMargin.dividedBy(2));
    }

    void onStart(@Observes StartupEvent event) {
        reference.load(store.loadReferences());
        pipeline.start();
        LOG.infof("inference started: rules=%s (%d rules: %s), reference rows=%d, transaction timeout=%s, "
                + "max pending records=%d, intake paused above %d queued records until %d, unacknowledged-age limit=%s ms",
                rules.origin(), rules.rules().size(), rules.names(), reference.size(), config.transactionTimeout(),
                config.maxPendingRecords(), config.intake().maxQueuedRecords(), config.intake().resumeQueuedRecords(),
                ConfigProvider.getConfig().getOptionalValue(UnackedAgeConfigSource.KEY, String.class).orElse("?"));
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        pipeline.stop();
        LOG.infof("inference stopped: %d open transactions left unacknowledged (redelivered on restart)",
                assembler.pendingCount());
    }

    /** Takes a consumed message; the stage completes when the consumer may read on. */
    public CompletionStage<Void> offer(ChangeMessage message, Message<?> receipt) {
        return pipeline.offer(message, receipt);
    }

    public Rules rules() {
        return rules;
    }

    public int pendingTransactions() {
        return assembler.pendingCount();
    }

    public int backlog() {
        return pipeline.backlog();
    }

    public InferencePipeline<Message<?>> pipeline() {
        return pipeline;
    }
}
