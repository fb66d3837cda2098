package io.auditoverlay.ingest.auth;

import java.util.Optional;

/**
 * An authenticated branch: its configured name, the only topic prefix it may write and, for a
 * one-branch source, the branch id its rows must carry.
 */
public record Branch(String name, String topicPrefix, Optional<String> branchId) {

    public Branch(String name, String topicPrefix) {
        this(name, topicPrefix, Optional.empty());
    }
}
