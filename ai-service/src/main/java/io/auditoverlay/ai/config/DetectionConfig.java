package io.auditoverlay.ai.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/**
 * Thresholds of the anomaly detectors. Every default is documented in docs/anomalies.md; each can
 * be overridden in application.properties or by environment variable (e.g.
 * {@code AUDIT_AI_DETECTION_AFTER_HOURS_GRACE=PT30M}).
 */
@ConfigMapping(prefix = "audit.ai.detection")
public interface DetectionConfig {

    /** How often the scheduled evaluation runs ({@code off} disables it). */
    @WithDefault("10m")
    String every();

    /** How far back every scheduled run re-evaluates closed windows (ids are stable, so overlap is harmless). */
    @WithDefault("PT6H")
    Duration recheck();

    /** Events younger than this are left to the next run, so that late transactions are complete. */
    @WithDefault("PT5M")
    Duration lag();

    /** Time zone of a branch that has no {@code branches} row in the change log. */
    @WithDefault("UTC")
    String defaultTimezone();

    AfterHours afterHours();

    Refund refund();

    Controlled controlled();

    RoleEscalation roleEscalation();

    StockDecrease stockDecrease();

    Statistical statistical();

    /** Activity outside a branch's opening hours. */
    interface AfterHours {
        @WithDefault("true")
        boolean enabled();

        /** Tolerance around opening and closing time (closing routines, early deliveries). */
        @WithDefault("PT15M")
        Duration grace();

        /** Event types that count as activity; SALE stock movements follow their sale. */
        @WithDefault("sale.completed,sale.voided,sale.refunded,inventory.adjusted,prescription.dispensed")
        List<String> types();
    }

    /** Refunds whose sale the trail never saw completed. */
    interface Refund {
        @WithDefault("true")
        boolean enabled();
    }

    /** Adjustments of scheduled (controlled) products. */
    interface Controlled {
        @WithDefault("true")
        boolean enabled();

        /** Adjustment reasons that, on a controlled product and with a negative delta, are reported. */
        @WithDefault("THEFT,COUNT_CORRECTION")
        List<String> reasons();
    }

    /** A role raised to a higher privilege, followed by manual stock adjustments by the same user. */
    interface RoleEscalation {
        @WithDefault("true")
        boolean enabled();

        /** How long after the escalation an adjustment counts. */
        @WithDefault("PT4H")
        Duration within();

        /**
         * Roles whose grant counts as an escalation. Promotions to MANAGER are routine HR moves
         * (and managers adjust stock daily); a store user made ADMIN is what a diversion scheme needs.
         */
        @WithDefault("ADMIN")
        List<String> escalatedRoles();

        /** Roles from least to most privileged; an escalation is a move to the right. */
        @WithDefault("CASHIER,PHARMACIST,MANAGER,ADMIN")
        List<String> ranking();

        /** Adjustment reasons that do not count (routine stock movements). */
        @WithDefault("SALE,RECEIPT,RETURN,TRANSFER_IN")
        List<String> ignoredReasons();
    }

    /** Stock decreases that no sale explains. */
    interface StockDecrease {
        @WithDefault("true")
        boolean enabled();

        /** For events without a transaction id only: how far from the decrease a sale of the product may be. */
        @WithDefault("PT10M")
        Duration saleMatchWindow();
    }

    /** Robust z-score detectors. */
    interface Statistical {
        @WithDefault("true")
        boolean enabled();

        /** Same bucket of the week in this many previous weeks forms the baseline of sub-daily buckets. */
        @WithDefault("6")
        int baselineWeeks();

        /**
         * Fewer weekly samples than this (a history younger than five weeks) and the same hours of
         * previous days are used instead: three or four weekly samples of a count are too noisy a median.
         */
        @WithDefault("5")
        int minWeeklySamples();

        /** Fallback (and daily) baseline: this many previous days. */
        @WithDefault("14")
        int baselineDays();

        /** Fewer baseline samples than this and a bucket is not judged. */
        @WithDefault("5")
        int minSamples();

        /**
         * Puts the previous days of a sales-driven series (volume, value, product units) on the
         * footing of the judged day's weekday, with the chain's weekday profile (see WeekdayProfile).
         */
        @WithDefault("true")
        boolean weekdayAdjustment();

        /** Ratios (branch-days) each weekday needs before the profile is used; until then no adjustment. */
        @WithDefault("3")
        int minWeekdaySamples();

        /** Branch sales count per local day, above its baseline. */
        Metric volumeSpike();

        /** Branch sales count per local day, below its baseline. */
        Metric volumeDrop();

        /** Branch sales value per hour, above its baseline. */
        Metric salesValueSpike();

        /** Voids per user per local day. */
        Metric voidRate();

        /** Refunds per user per local day. */
        Metric refundRate();

        /** Discount amount per user per local day. */
        Metric discountRate();

        /** Manual adjustments per branch, product and reason per local day. */
        Metric adjustmentRate();

        /** Units sold per branch and product per local day. */
        Metric productSalesSpike();

        /** Intraday detectors judge every closed hour over rolling windows of 1 to this many hours. */
        @WithDefault("4")
        int intradayWindowHours();

        /** Branch sales count over a few hours, against the same hours of the week (intraday). */
        Metric salesBurst();

        /** Branch sales value over a few hours (intraday). */
        Metric salesValueBurst();

        /** Voids by one user over a few hours (intraday). */
        Metric voidBurst();

        /** Refunds by one user over a few hours (intraday). */
        Metric refundBurst();

        /** Discount amount given by one user over a few hours (intraday). */
        Metric discountBurst();

        /** Manual adjustments of one product and reason over a few hours (intraday). */
        Metric adjustmentBurst();
    }

    /** One statistical detector's thresholds. */
    interface Metric {
        @WithDefault("true")
        boolean enabled();

        /** Bucket size in hours, aligned to local midnight (1, 2, 3, 4, 6, 8, 12 or 24). */
        @WithDefault("1")
        int bucketHours();

        /** |robust z| at or above which a bucket is reported. */
        @WithDefault("4.0")
        double threshold();

        /** The observed value must differ from the baseline median by at least this much. */
        @WithDefault("3")
        double minDelta();

        /** Smallest scale (so that a baseline of identical values does not make every change infinite). */
        @WithDefault("1.0")
        double absoluteFloor();

        /** Scale floor relative to the median (Poisson-like counts vary with their level). */
        @WithDefault("0.15")
        double relativeFloor();

        /** For drops: the baseline median below which a bucket is too quiet to judge. */
        @WithDefault("0")
        double minMedian();
    }
}
