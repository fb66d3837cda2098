package io.auditoverlay.ingest.auth;

/** An authenticated branch: its configured name and the only topic prefix it may write. */
public record Branch(String name, String topicPrefix) {
}
