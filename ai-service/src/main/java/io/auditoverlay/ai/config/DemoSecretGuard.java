package io.auditoverlay.ai.config;

import io.auditoverlay.model.secrets.DemoSecrets;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;

/** The production build does not start on a password or token this repository shows (docs/security.md, "Secrets"). */
@ApplicationScoped
@IfBuildProfile("prod")
public class DemoSecretGuard {

    void refuseDemoSecrets(@Observes @Priority(1) StartupEvent start) {
        DemoSecrets.refuse(ConfigProvider.getConfig());
    }
}
