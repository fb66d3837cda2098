package io.auditoverlay.simulator.cli;

import java.util.function.LongConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The progress bar on stderr (rate and ETA), or nothing with {@code --no-progress}. */
final class Progress implements LongConsumer, AutoCloseable {

    private final ProgressBar bar;

    /** @param expected transactions expected, or -1 when open-ended (live) */
    Progress(String task, long expected, boolean enabled) {
        this.bar = enabled ? new ProgressBarBuilder().setTaskName(task).setInitialMax(expected < 0 ? -1 : Math.max(1, expected))
                .setUnit(" tx", 1).showSpeed().setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build() : null;
    }

    @Override
    public void accept(long committed) {
        if (bar != null) {
            bar.stepBy(committed);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.maxHint(bar.getCurrent());
            bar.close();
        }
    }
}
