package io.auditoverlay.simulator.state;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/** A branch as the source database holds it, plus its trading size from the catalogue. */
public record Branch(int id, String code, ZoneId zone, LocalTime opensAt, LocalTime closesAt, double size) {

    /** When the branch opens on a local date, as an instant. */
    public Instant opening(LocalDate date) {
        return date.atTime(opensAt).atZone(zone).toInstant();
    }

    /** When the branch closes on a local date, as an instant. */
    public Instant closing(LocalDate date) {
        return date.atTime(closesAt).atZone(zone).toInstant();
    }

    /** Whether the branch trades at that instant (its local opening hours). */
    public boolean isOpen(Instant at) {
        LocalTime local = at.atZone(zone).toLocalTime();
        return !local.isBefore(opensAt) && local.isBefore(closesAt);
    }
}
