package io.auditoverlay.ai.detect;

import io.auditoverlay.ai.events.History;
import io.auditoverlay.ai.reference.ReferenceData;
import io.auditoverlay.model.anomaly.Anomaly;
import io.auditoverlay.model.business.BusinessEvent;
import java.time.Instant;
import java.util.List;

/**
 * A pattern detector judges the events in focus (a Kafka batch or a window) with the help of the
 * surrounding history. It must be deterministic: the same focus and history give the same anomaly
 * ids, so that evaluating a window again inserts nothing new.
 */
public interface Detector {

    String name();

    List<Anomaly> detect(List<BusinessEvent> focus, History history, ReferenceData reference, Instant detectedAt);
}
