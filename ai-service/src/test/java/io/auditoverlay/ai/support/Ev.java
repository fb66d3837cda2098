package io.auditoverlay.ai.support;

import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.id.EventIds;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Builds business events as inference-service's rules emit them, for tests. */
public final class Ev {

    private static final AtomicLong SEQ = new AtomicLong();

    private final String type;
    private String branch = "1";
    private String actor;
    private String subjectType;
    private String subjectId;
    private Instant at;
    private String tx;
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    private Ev(String type) {
        this.type = type;
    }

    public static Ev of(String type) {
        return new Ev(type);
    }

    public Ev branch(String value) {
        branch = value;
        return this;
    }

    public Ev actor(String value) {
        actor = value;
        return this;
    }

    public Ev subject(String type, String id) {
        subjectType = type;
        subjectId = id;
        return this;
    }

    public Ev at(Instant value) {
        at = value;
        return this;
    }

    public Ev at(String iso) {
        return at(Instant.parse(iso));
    }

    public Ev tx(String value) {
        tx = value;
        return this;
    }

    public Ev attr(String key, Object value) {
        attributes.put(key, value);
        return this;
    }

    public BusinessEvent build() {
        String transaction = tx != null ? tx : "test:" + SEQ.incrementAndGet();
        return new BusinessEvent(EventIds.businessEventId(transaction, type, String.valueOf(subjectId) + "|" + SEQ.incrementAndGet()),
                type, branch, actor, subjectType, subjectId, at, transaction, attributes, List.of());
    }
}
