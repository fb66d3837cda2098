package io.auditoverlay.ai.reference;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A branch's time zone and opening hours, as the source {@code branches} table declares them.
 * {@code opensAt == closesAt} means open around the clock; {@code closesAt < opensAt} means
 * open past midnight.
 */
public record BranchHours(String branchId, ZoneId zone, LocalTime opensAt, LocalTime closesAt) {

    public static BranchHours allDay(String branchId, ZoneId zone) {
        return new BranchHours(branchId, zone, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
    }

    public boolean knowsHours() {
        return !opensAt.equals(closesAt);
    }

    /** Whether {@code at} falls outside opening hours by more than {@code grace}. */
    public boolean isClosedAt(Instant at, Duration grace) {
        if (!knowsHours()) {
            return false;
        }
        int day = 24 * 60;
        int graceMinutes = (int) grace.toMinutes();
        int openMinutes = Math.floorMod(minuteOfDay(closesAt) - minuteOfDay(opensAt), day) + 2 * graceMinutes;
        if (openMinutes >= day) {
            return false;
        }
        int from = Math.floorMod(minuteOfDay(opensAt) - graceMinutes, day);
        LocalTime local = at.atZone(zone).toLocalTime();
        // Modular arithmetic handles hours that cross midnight (e.g. 18:00–02:00).
        return Math.floorMod(minuteOfDay(local) - from, day) >= openMinutes;
    }

    private static int minuteOfDay(LocalTime time) {
        return time.getHour() * 60 + time.getMinute();
    }
}
