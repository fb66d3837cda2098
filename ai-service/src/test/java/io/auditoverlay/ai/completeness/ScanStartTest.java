package io.auditoverlay.ai.completeness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the binlog scan starts, and when the binlog it needs was purged (capture.binlog-purged). */
class ScanStartTest {

    private static final List<String> AFTER_PURGE = List.of("mb.000003", "mb.000004");

    @Test
    void aCursorInAFileStillThereIsWhereTheScanGoesOn() {
        ScanStart s = ScanStart.of("pos", AFTER_PURGE, new BinlogCursor("mb.000003", 900, Map.of(0L, 41L)), null, null);
        assertEquals("mb.000003", s.file());
        assertEquals(900, s.pos());
        assertEquals(Map.of(0L, 41L), s.baseline());
        assertTrue(s.purged().isEmpty());
    }

    @Test
    void aCursorInAPurgedFileIsAFinding_andTheScanStartsAtTheOldestFileLeft() {
        ScanStart s = ScanStart.of("pos", AFTER_PURGE, new BinlogCursor("mb.000001", 900, Map.of(0L, 41L)), null,
                new String[] {"mb.000001", "900", "pos:0-7-41"});
        assertEquals("mb.000003", s.file());
        assertEquals(4, s.pos());
        assertEquals("capture.binlog-purged", s.purged().orElseThrow().detector());
        assertEquals("mb.000001:900", s.purged().orElseThrow().identity());
        assertTrue(s.purged().orElseThrow().text().contains("from mb.000001 at 900 up to mb.000003"));
    }

    @Test
    void theFirstScanStartsAtTheTrailsFirstStreamedChange_withItsGtidAsBaseline() {
        ScanStart s = ScanStart.of("pos", AFTER_PURGE, null, new String[] {"mb.000003", "1200", "pos:0-7-77"},
                new String[] {"mb.000004", "300", "pos:0-7-90"});
        assertEquals("mb.000003", s.file());
        assertEquals(1200, s.pos());
        assertEquals(Map.of(0L, 77L), s.baseline());
        assertTrue(s.purged().isEmpty());
    }

    @Test
    void noScanYet_andTheTrailsNewestChangeInAPurgedFile_isAFinding() {
        // Debezium was stopped, the binlog purged, and no scan had run: never a silent skip.
        ScanStart s = ScanStart.of("pos", AFTER_PURGE, null, new String[] {"mb.000001", "256", "pos:0-7-1"},
                new String[] {"mb.000002", "5000", "pos:0-7-60"});
        assertEquals("mb.000003", s.file());
        assertEquals("mb.000002:5000", s.purged().orElseThrow().identity());
    }

    @Test
    void aTrailOlderThanTheBinlogButWithItsNewestChangeStillThere_isScannedFromTheOldestFile() {
        // Expired long ago, as retention does; the newest change is readable, so Debezium is not cut
        // off: no finding, and the scan covers what is left (it used to never start).
        ScanStart s = ScanStart.of("pos", AFTER_PURGE, null, new String[] {"mb.000001", "256", "pos:0-7-1"},
                new String[] {"mb.000004", "300", "pos:0-7-90"});
        assertEquals("mb.000003", s.file());
        assertEquals(4, s.pos());
        assertEquals(Map.of(), s.baseline());
        assertTrue(s.purged().isEmpty());
    }

    @Test
    void nothingStreamedYet_hasNothingToCompare() {
        ScanStart s = ScanStart.of("pos", AFTER_PURGE, null, null, null);
        assertNull(s.file());
        assertTrue(s.purged().isEmpty());
    }
}
