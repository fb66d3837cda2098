package io.auditoverlay.ai.completeness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The trail's canonical values (docs/architecture.md) read into the texts a source row is compared with. */
class RowCanonTest {

    private final RowCanon canon = new RowCanon(new ObjectMapper());
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    @Test
    void decimalsCompareByValue() {
        SourceTable.Column price = new SourceTable.Column("unit_price", "decimal", "decimal(10,2)");
        assertEquals("12.3", canon.trail(json.numberNode(new BigDecimal("12.30")), price));
        assertEquals("0", canon.trail(json.numberNode(new BigDecimal("0.00")), price));
    }

    @Test
    void datetimesKeepLeadingZerosOfTheirFraction() {
        SourceTable.Column at = new SourceTable.Column("updated_at", "datetime", "datetime(3)");
        assertEquals("2026-12-02T14:50:28.036", canon.trail(json.textNode("2026-12-02T14:50:28.036"), at));
        assertEquals("2026-01-01T00:00", canon.trail(json.textNode("2026-01-01T00:00:00"), at));
    }

    @Test
    void booleansMaskedValuesAndJson() {
        SourceTable.Column active = new SourceTable.Column("active", "tinyint", "tinyint(1)");
        assertEquals("true", canon.trail(json.booleanNode(true), active));
        SourceTable.Column email = new SourceTable.Column("email", "varchar", "varchar(128)");
        assertEquals(RowCanon.MASKED, canon.trail(json.textNode("[REDACTED]"), email));
        assertEquals(RowCanon.NULL, canon.trail(json.nullNode(), email));
        SourceTable.Column doc = new SourceTable.Column("doc", "json", "longtext");
        assertEquals("{\"a\":1,\"b\":2}", canon.trail(json.objectNode().put("b", 2).put("a", 1), doc));
    }

    @Test
    void aZeroDateReadsAsWhatTheBinlogConnectorStores() {
        assertEquals(true, RowCanon.isZeroDate("0000-00-00"));
        assertEquals(true, RowCanon.isZeroDate("0000-00-00 00:00:00"));
        assertEquals(true, RowCanon.isZeroDate("2026-00-10"));
        assertEquals(true, RowCanon.isZeroDate("2026-03-00 12:00:00"));
        assertEquals(false, RowCanon.isZeroDate("2026-03-01"));
        assertEquals(false, RowCanon.isZeroDate("1970-01-01 00:00:00"));
        // Nullable: Debezium's binlog reader turns the zero date into null, and so does the trail.
        SourceTable.Column z = new SourceTable.Column("z", "date", "date", true);
        assertEquals(canon.trail(json.nullNode(), z), RowCanon.zeroDate(z));
        // NOT NULL: the null becomes the epoch.
        SourceTable.Column day = new SourceTable.Column("day", "date", "date", false);
        assertEquals(canon.trail(json.textNode("1970-01-01"), day), RowCanon.zeroDate(day));
        SourceTable.Column at = new SourceTable.Column("at", "datetime", "datetime(6)", false);
        assertEquals(canon.trail(json.textNode("1970-01-01T00:00:00"), at), RowCanon.zeroDate(at));
        SourceTable.Column ts = new SourceTable.Column("ts", "timestamp", "timestamp", true);
        assertEquals(canon.trail(json.textNode("1970-01-01T00:00:00Z"), ts), RowCanon.zeroDate(ts));
    }
}
