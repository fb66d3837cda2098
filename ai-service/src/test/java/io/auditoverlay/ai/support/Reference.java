package io.auditoverlay.ai.support;

import io.auditoverlay.ai.reference.BranchHours;
import io.auditoverlay.ai.reference.ProductInfo;
import io.auditoverlay.ai.reference.StaticReferenceData;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/** The reference seed's branches and products (deploy/source/seed.sql). */
public final class Reference {

    private Reference() {
    }

    public static StaticReferenceData seed() {
        return new StaticReferenceData(
                Map.of("1", new BranchHours("1", ZoneId.of("America/New_York"), LocalTime.of(8, 0), LocalTime.of(21, 0)),
                        "2", new BranchHours("2", ZoneId.of("America/Chicago"), LocalTime.of(9, 0), LocalTime.of(20, 0)),
                        "3", new BranchHours("3", ZoneId.of("America/Los_Angeles"), LocalTime.of(6, 0), LocalTime.of(23, 0))),
                Map.of("1", new ProductInfo("1", "Ibuprofen 200mg x24", null, new BigDecimal("2.10")),
                        "3", new ProductInfo("3", "Oxycodone 5mg x30", "II", new BigDecimal("18.00")),
                        "4", new ProductInfo("4", "Alprazolam 0.5mg x30", "IV", new BigDecimal("7.25"))),
                ZoneOffset.UTC);
    }
}
