package io.auditoverlay.model.secrets;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The services' configuration sees each secret file ({@link SecretFiles}) as the environment
 * variable it stands for, so that {@code ${AUDIT_DB_PASSWORD:}} in application.properties takes
 * {@code AUDIT_DB_PASSWORD_FILE}'s content. Registered through {@code META-INF/services}; just
 * below the environment's ordinal (300).
 */
public class SecretFilesConfigSource implements ConfigSource {

    private final Map<String, String> secrets = SecretFiles.read(System.getenv());

    @Override
    public Map<String, String> getProperties() {
        return secrets;
    }

    @Override
    public Set<String> getPropertyNames() {
        return secrets.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return secrets.get(propertyName);
    }

    @Override
    public String getName() {
        return "secret files (NAME_FILE / NAME__FILE)";
    }

    @Override
    public int getOrdinal() {
        return 295;
    }
}
