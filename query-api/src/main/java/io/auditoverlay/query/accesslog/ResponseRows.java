package io.auditoverlay.query.accesslog;

import java.util.Collection;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.auditoverlay.query.anomalies.AnomalyService.AnomalyDetail;
import io.auditoverlay.query.trace.TraceView;
import io.auditoverlay.query.web.Page;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerResponseContext;

/** Counts the rows (items) a REST answer carries, for the access log. */
public class ResponseRows {

    @ServerResponseFilter
    public void count(ContainerResponseContext response, RoutingContext ctx) {
        if (ctx.get(AccessLogFilter.ROWS) != null) {
            return;
        }
        Integer rows = response.getStatus() >= 400 ? Integer.valueOf(0) : rows(response.getEntity());
        if (rows != null) {
            ctx.put(AccessLogFilter.ROWS, rows);
        }
    }

    static Integer rows(Object entity) {
        if (entity == null) {
            return null;
        }
        if (entity instanceof Page<?> page) {
            return page.items().size();
        }
        if (entity instanceof Collection<?> list) {
            return list.size();
        }
        if (entity instanceof TraceView trace) {
            return trace.size();
        }
        if (entity instanceof AnomalyDetail || entity instanceof Record) {
            return 1;
        }
        return null;
    }
}
