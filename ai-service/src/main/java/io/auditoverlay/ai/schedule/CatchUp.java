package io.auditoverlay.ai.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The windows a scheduled job owes: from where it got to (its watermark) up to now, in steps, so
 * that a long outage is caught up piece by piece and each finished piece is remembered.
 */
public final class CatchUp {

    private CatchUp() {
    }

    /** A window [from, to). */
    public record Window(Instant from, Instant to) {
    }

    /**
     * Windows covering [start, end) in steps of at most {@code step}; none when start is not before end.
     * {@code start} is the later of the watermark and {@code end - maxBack} (an outage longer than
     * {@code maxBack} is caught up only that far), and never later than {@code end - minBack}
     * (a run always re-checks the last {@code minBack}, for late events).
     */
    public static List<Window> windows(Instant watermark, Instant end, Duration minBack, Duration maxBack, Duration step) {
        Instant earliest = end.minus(maxBack);
        Instant start = watermark == null ? end.minus(minBack) : watermark;
        if (start.isBefore(earliest)) {
            start = earliest;
        }
        if (start.isAfter(end.minus(minBack))) {
            start = end.minus(minBack);
        }
        List<Window> out = new ArrayList<>();
        for (Instant from = start; from.isBefore(end); ) {
            Instant to = from.plus(step).isBefore(end) ? from.plus(step) : end;
            out.add(new Window(from, to));
            from = to;
        }
        return out;
    }
}
