package io.auditoverlay.ai.detect;

import io.auditoverlay.ai.config.DetectionConfig;
import io.auditoverlay.ai.detect.pattern.AfterHoursDetector;
import io.auditoverlay.ai.detect.pattern.ControlledAdjustmentDetector;
import io.auditoverlay.ai.detect.pattern.PriceBelowCostDetector;
import io.auditoverlay.ai.detect.pattern.RefundWithoutSaleDetector;
import io.auditoverlay.ai.detect.pattern.RoleEscalationDetector;
import io.auditoverlay.ai.detect.pattern.StockDecreaseWithoutSaleDetector;
import io.auditoverlay.ai.detect.stats.MetricCatalog;
import io.auditoverlay.ai.detect.stats.MetricSpec;
import io.auditoverlay.ai.detect.stats.SeriesSource;
import io.auditoverlay.ai.rollup.MemorySeriesSource;
import io.auditoverlay.ai.detect.stats.StatisticalDetector;
import io.auditoverlay.ai.events.BusinessEventRepository.PatternInput;
import io.auditoverlay.ai.events.History;
import io.auditoverlay.ai.events.MemoryHistory;
import io.auditoverlay.ai.reference.ReferenceData;
import io.auditoverlay.model.anomaly.Anomaly;
import io.auditoverlay.model.business.BusinessEvent;
import io.auditoverlay.model.business.BusinessEventTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * All detectors, configured once. The streaming path runs the pattern detectors on each Kafka
 * batch; the scheduled path runs them and the statistical ones over closed windows.
 */
public final class DetectionEngine {

    private final List<Detector> patterns = new ArrayList<>();
    private final StatisticalDetector statistical;
    private final boolean statisticalEnabled;
    private final List<String> statisticalNames;
    private final PatternInput patternInput;

    public DetectionEngine(DetectionConfig config) {
        if (config.afterHours().enabled()) {
            patterns.add(new AfterHoursDetector(config.afterHours()));
        }
        if (config.refund().enabled()) {
            patterns.add(new RefundWithoutSaleDetector());
        }
        if (config.controlled().enabled()) {
            patterns.add(new ControlledAdjustmentDetector(config.controlled()));
        }
        if (config.roleEscalation().enabled()) {
            patterns.add(new RoleEscalationDetector(config.roleEscalation()));
        }
        patterns.add(new PriceBelowCostDetector());
        if (config.stockDecrease().enabled()) {
            patterns.add(new StockDecreaseWithoutSaleDetector(config.stockDecrease()));
        }
        List<MetricSpec> specs = MetricCatalog.specs(config.statistical());
        statistical = new StatisticalDetector(specs, config.statistical());
        statisticalNames = specs.stream().map(MetricSpec::detector).toList();
        statisticalEnabled = config.statistical().enabled();
        patternInput = new PatternInput(config.afterHours().types().contains(BusinessEventTypes.DATA_CHANGED),
                judgesSaleMovements(config));
    }

    /**
     * Whether a detector, as configured, reads the stock movements of a sale (reason SALE): after-hours
     * never does (the sale itself is judged), stock-decrease-without-sale passes over those its sale
     * explains; controlled-adjustment and role-escalation do when an operator lists SALE.
     */
    private static boolean judgesSaleMovements(DetectionConfig config) {
        return config.controlled().enabled() && config.controlled().reasons().stream().anyMatch("SALE"::equalsIgnoreCase)
                || config.roleEscalation().enabled()
                        && config.roleEscalation().ignoredReasons().stream().noneMatch("SALE"::equalsIgnoreCase);
    }

    /** What the pattern detectors, as configured, need in a slice of stored events. */
    public PatternInput patternInput() {
        return patternInput;
    }

    /** Pattern detectors over the events in focus, on a closed window. */
    public List<Anomaly> detectPatterns(List<BusinessEvent> focus, History history, ReferenceData reference, Instant now) {
        return run(patterns, focus, history, reference, now);
    }

    /**
     * Pattern detectors over events as they arrive: those that judge the presence of something
     * (an after-hours sale, a write-off); those that judge an absence wait for the closed window.
     */
    public List<Anomaly> detectOnArrival(List<BusinessEvent> focus, History history, ReferenceData reference, Instant now) {
        return run(patterns.stream().filter(d -> !d.judgesAbsence()).toList(), focus, history, reference, now);
    }

    private static List<Anomaly> run(List<Detector> detectors, List<BusinessEvent> focus, History history, ReferenceData reference,
            Instant now) {
        Map<UUID, Anomaly> unique = new LinkedHashMap<>();
        for (Detector detector : detectors) {
            detector.detect(focus, history, reference, now).forEach(a -> unique.putIfAbsent(a.id(), a));
        }
        return List.copyOf(unique.values());
    }

    /** The statistical detectors over the buckets that close inside [from, to). */
    public List<Anomaly> detectStatistical(SeriesSource series, ReferenceData reference, Instant from, Instant to,
            Instant coverageStart, Instant now) {
        return statisticalEnabled ? statistical.detect(series, reference, from, to, coverageStart, now) : List.of();
    }

    /**
     * Everything over [from, to) of a history held in memory (tests, benchmarks): patterns on the
     * events inside it, statistics on the rollups of the whole history, computed as the service
     * computes them. {@code history} must start {@link #statisticalLookback()} before {@code from}.
     */
    public List<Anomaly> detectWindow(MemoryHistory history, History lookup, ReferenceData reference, Instant from,
            Instant to, Instant coverageStart, Instant now) {
        List<BusinessEvent> focus = history.events().stream()
                .filter(e -> !e.occurredAt().isBefore(from) && e.occurredAt().isBefore(to)).toList();
        List<Anomaly> anomalies = new ArrayList<>(detectPatterns(focus, lookup, reference, now));
        anomalies.addAll(detectStatistical(new MemorySeriesSource(history.events()), reference, from, to, coverageStart, now));
        return anomalies;
    }

    /** Every detector this engine runs, by name (metrics start at zero for each). */
    public List<String> detectorNames() {
        List<String> names = new ArrayList<>(patterns.stream().map(Detector::name).toList());
        if (statisticalEnabled) {
            names.addAll(statisticalNames);
        }
        return names;
    }

    public Duration statisticalLookback() {
        return statistical.lookback();
    }
}
