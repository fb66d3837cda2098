package io.auditoverlay.query.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvCellsTest {

    @Test
    void formulaCellsAreNeutralisedAndTheRestKept() {
        assertEquals("'=HYPERLINK(\"http://x\",\"y\")", CsvCells.cell("=HYPERLINK(\"http://x\",\"y\")"));
        assertEquals("'+1+cmd|' /C calc'!A0", CsvCells.cell("+1+cmd|' /C calc'!A0"));
        assertEquals("'-2+3", CsvCells.cell("-2+3"));
        assertEquals("'@SUM(A1)", CsvCells.cell("@SUM(A1)"));
        assertEquals("'\t=1", CsvCells.cell("\t=1"));
        assertEquals("plain note", CsvCells.cell("plain note"));
        assertEquals(-1L, CsvCells.cell(-1L));
        assertArrayEquals(new Object[] {null, "", true, "'=x"}, CsvCells.row(null, "", true, "=x"));
    }
}
