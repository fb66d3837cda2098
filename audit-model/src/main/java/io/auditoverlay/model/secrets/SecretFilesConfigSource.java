package io.auditoverlay.model.secrets;

import io.smallrye.config.EnvConfigSource;
import java.util.Map;

/**
 * The services' configuration sees each secret file ({@link SecretFiles}) as the environment
 * variable it stands for, so that {@code ${AUDIT_DB_PASSWORD:}} in application.properties takes
 * {@code AUDIT_DB_PASSWORD_FILE}'s content. It is an environment source, so SmallRye's rules for
 * environment names hold for it too: {@code AUDIT_AI_COMPLETENESS_SOURCES_B002_PASSWORD_FILE} sets
 * the map entry {@code audit.ai.completeness.sources.b002.password}. Registered through
 * {@code META-INF/services}; just below the environment's ordinal (300).
 */
public class SecretFilesConfigSource extends EnvConfigSource {

    static final int ORDINAL = 295;

    public SecretFilesConfigSource() {
        this(System.getenv());
    }

    /** The secrets that {@code env}'s *_FILE variables name. */
    public SecretFilesConfigSource(Map<String, String> env) {
        super(SecretFiles.read(env), ORDINAL);
    }

    @Override
    public String getName() {
        return "secret files (NAME_FILE / NAME__FILE)";
    }
}
