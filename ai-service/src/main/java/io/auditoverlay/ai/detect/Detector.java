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

    /**
     * Whether this detector judges the absence of an event (a refund whose sale never completed, a
     * stock decrease with no sale). Such a judgement is sound only over a closed window whose events
     * are all stored: on arrival, the event that would clear it may still be on its way (Debezium
     * writes one topic per table, and while the pipeline catches up a refunds topic can run ahead
     * of the sales topic by minutes). These detectors run on the scheduled path only.
     */
    default boolean judgesAbsence() {
        return false;
    }

    List<Anomaly> detect(List<BusinessEvent> focus, History history, ReferenceData reference, Instant detectedAt);
}
