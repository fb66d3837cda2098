package io.auditoverlay.ai.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.auditoverlay.ai.schedule.CatchUp;
import io.auditoverlay.ai.schedule.CatchUp.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatchUpTest {

    private static final Instant END = Instant.parse("2026-11-20T10:00:00Z");
    private static final Duration RECHECK = Duration.ofHours(6);
    private static final Duration MAX = Duration.ofDays(35);
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void withoutWatermarkOnlyTheRecheckSpan() {
        assertEquals(List.of(new Window(END.minus(RECHECK), END)), CatchUp.windows(null, END, RECHECK, MAX, DAY));
    }

    @Test
    void aRecentWatermarkStillRechecksTheLastHours() {
        assertEquals(List.of(new Window(END.minus(RECHECK), END)), CatchUp.windows(END.minusSeconds(1800), END, RECHECK, MAX, DAY));
    }

    @Test
    void anOutageIsCaughtUpFromTheWatermarkInSteps() {
        Instant watermark = END.minus(Duration.ofHours(53));
        List<Window> windows = CatchUp.windows(watermark, END, RECHECK, MAX, DAY);
        assertEquals(List.of(new Window(watermark, watermark.plus(DAY)), new Window(watermark.plus(DAY), watermark.plus(DAY).plus(DAY)),
                new Window(watermark.plus(DAY).plus(DAY), END)), windows);
    }

    @Test
    void anOutageLongerThanTheLimitIsCaughtUpOnlyThatFar() {
        List<Window> windows = CatchUp.windows(END.minus(Duration.ofDays(100)), END, RECHECK, MAX, DAY);
        assertEquals(END.minus(MAX), windows.get(0).from());
        assertEquals(35, windows.size());
        assertEquals(END, windows.get(34).to());
    }
}
