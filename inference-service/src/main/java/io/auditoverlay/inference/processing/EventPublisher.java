package io.auditoverlay.inference.processing;

import io.auditoverlay.model.business.BusinessEvent;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Sends business events on {@code audit.business}; the stage completes when the broker has them. */
@FunctionalInterface
public interface EventPublisher {

    CompletionStage<Void> publish(List<BusinessEvent> events);
}
