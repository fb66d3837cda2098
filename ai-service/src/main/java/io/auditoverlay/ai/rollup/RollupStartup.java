package io.auditoverlay.ai.rollup;

import io.auditoverlay.ai.config.RollupConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * A trail that holds business events but no rollups (an upgrade from a version without them, or a
 * restored database) is rolled up in the background at start; detection runs sync what they need
 * themselves, so nothing waits for this.
 */
@ApplicationScoped
public class RollupStartup {

    private final RollupSync sync;
    private final ManagedExecutor executor;
    private final boolean enabled;

    public RollupStartup(RollupSync sync, ManagedExecutor executor, RollupConfig config) {
        this.sync = sync;
        this.executor = executor;
        this.enabled = config.backfillOnStart();
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        executor.runAsync(() -> {
            try {
                Instant first = sync.firstEvent();
                if (first != null && sync.empty()) {
                    Log.infof("rollups are empty and business events exist since %s: backfilling", first);
                    RollupSync.Result r = sync.syncEverything(first, Instant.now());
                    Log.infof("rollup backfill done: %d days, %d events in %d ms", r.daysBehind(), r.eventsAdded(), r.millis());
                }
            } catch (RuntimeException e) {
                Log.warnf("rollup backfill at start failed (detection runs will sync what they need): %s", e.getMessage());
            }
        });
    }
}
