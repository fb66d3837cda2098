package io.auditoverlay.auditctl.commands;

import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.auditoverlay.model.integrity.DailySeal;

/** Daily seals to and from JSON, as query-api sends them and as a seal file keeps them. */
public final class Seals {

    public static final String FORMAT = "audit-overlay seal v1";

    private Seals() {
    }

    public static DailySeal read(JsonNode n) {
        return new DailySeal(n.path("table").asText(), n.path("source").asText(), LocalDate.parse(n.path("day").asText()),
                n.path("firstSeq").asLong(), n.path("lastSeq").asLong(), n.path("links").asLong(), n.path("rows").asLong(),
                n.path("merkleRoot").asText(), n.path("lastLinkHash").asText());
    }

    public static ObjectNode write(ObjectNode n, DailySeal s) {
        return n.put("table", s.table()).put("source", s.source()).put("day", s.day().toString()).put("firstSeq", s.firstSeq())
                .put("lastSeq", s.lastSeq()).put("links", s.links()).put("rows", s.rows()).put("merkleRoot", s.merkleRoot())
                .put("lastLinkHash", s.lastLinkHash());
    }
}
