package io.auditoverlay.query.support;

/** The plain values of the test tokens whose hashes are in application.properties (%test). */
public final class Tokens {

    public static final String AUDITOR = "test-auditor-token";
    public static final String MANAGER = "test-manager-token";
    public static final String AGENT = "test-agent-token";

    private Tokens() {
    }
}
