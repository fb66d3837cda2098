package io.auditoverlay.query.volume;

import java.lang.reflect.Proxy;

import javax.sql.DataSource;

import io.auditoverlay.query.anomalies.AnomalyRepository;
import io.auditoverlay.query.business.BusinessEventFilter;
import io.auditoverlay.query.business.BusinessEventRepository;
import io.auditoverlay.query.business.BusinessEventSearch;
import io.auditoverlay.query.changes.ChangeRepository;
import io.auditoverlay.query.config.QueryConfig;
import io.auditoverlay.query.security.Caller;

/** The repositories query-api uses, over one data source. */
final class Repositories {
    final BusinessEventRepository events;
    final ChangeRepository changes;
    final AnomalyRepository anomalies;

    Repositories(DataSource dataSource) {
        this.events = new BusinessEventRepository(dataSource, new BusinessEventSearch(dataSource, config()));
        this.changes = new ChangeRepository(dataSource);
        this.anomalies = new AnomalyRepository(dataSource, config());
    }

    void list(BusinessEventFilter filter) {
        list(filter, QueryPlanIT.AUDITOR);
    }

    void list(BusinessEventFilter filter, Caller caller) {
        events.list(filter, caller, 50, null);
    }

    private static QueryConfig config() {
        return (QueryConfig) Proxy.newProxyInstance(QueryConfig.class.getClassLoader(), new Class<?>[] {QueryConfig.class},
                (p, m, a) -> switch (m.getName()) {
                    case "searchRecentRows" -> QueryPlanIT.RECENT_ROWS;
                    case "listEvidence" -> 10;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
