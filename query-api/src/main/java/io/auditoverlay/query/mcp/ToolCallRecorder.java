package io.auditoverlay.query.mcp;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.auditoverlay.query.accesslog.AccessLog;
import io.auditoverlay.query.accesslog.AccessLogEntry;
import io.auditoverlay.query.accesslog.Channel;
import io.auditoverlay.query.security.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import io.auditoverlay.query.web.ApiException;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.ToolCallException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs a tool and records the call in {@code api.tool_call}: caller, role, transport, tool,
 * arguments, outcome and result size. A call that cannot be recorded is refused: an assistant
 * gets no audit data that the audit does not know it got.
 */
@ApplicationScoped
public class ToolCallRecorder {

    private static final Logger LOG = Logger.getLogger(ToolCallRecorder.class);

    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final McpCallers callers;
    private final MeterRegistry meters;
    private final AccessLog accessLog;

    public ToolCallRecorder(DataSource dataSource, ObjectMapper mapper, McpCallers callers, MeterRegistry meters,
                            AccessLog accessLog) {
        this.dataSource = dataSource;
        this.accessLog = accessLog;
        this.mapper = mapper;
        this.callers = callers;
        this.meters = meters;
    }

    /** A tool's answer: the value sent back (as JSON) and how many items it holds. */
    public record Result(Object value, int items) {
    }

    /** Calls {@code body} as the connection's caller and returns its result as JSON text. */
    public String call(McpConnection connection, String tool, Map<String, Object> arguments,
                       Function<Caller, Result> body) {
        long started = System.nanoTime();
        String transport = McpCallers.transport(connection);
        Caller caller;
        try {
            caller = callers.resolve(connection);
        } catch (ToolCallException e) {
            record("anonymous", "none", transport, tool, arguments, "ERROR", 0, null, e.getMessage(), started);
            throw e;
        }
        try {
            Result result = body.apply(caller);
            String json = mapper.writeValueAsString(result.value());
            int bytes = json.getBytes(StandardCharsets.UTF_8).length;
            record(caller.name(), caller.role(), transport, tool, arguments, "OK", bytes, result.items(), null, started);
            return json;
        } catch (ApiException e) {
            record(caller.name(), caller.role(), transport, tool, arguments, "ERROR", 0, null, e.getMessage(), started);
            throw new ToolCallException(e.getMessage());
        } catch (JsonProcessingException e) {
            record(caller.name(), caller.role(), transport, tool, arguments, "ERROR", 0, null, "encoding failed", started);
            throw new ToolCallException("the result could not be encoded");
        } catch (RuntimeException e) {
            if (!(e instanceof ToolCallException)) {
                LOG.errorf(e, "tool %s failed", tool);
            }
            record(caller.name(), caller.role(), transport, tool, arguments, "ERROR", 0, null, String.valueOf(e.getMessage()), started);
            throw e instanceof ToolCallException t ? t : new ToolCallException("the tool failed; the server log has the cause");
        }
    }

    private void record(String caller, String role, String transport, String tool, Map<String, Object> arguments, String outcome,
                        int bytes, Integer items, String error, long started) {
        int millis = (int) ((System.nanoTime() - started) / 1_000_000);
        meters.counter("audit.mcp.tool.calls", "tool", tool, "outcome", outcome, "transport", transport).increment();
        meters.summary("audit.mcp.tool.result.bytes", "tool", tool).record(bytes);
        LOG.infof("mcp tool call: caller=%s role=%s transport=%s tool=%s outcome=%s result_bytes=%d duration_ms=%d",
                caller, role, transport, tool, outcome, bytes, millis);
        String json;
        try {
            json = mapper.writeValueAsString(arguments);
        } catch (JsonProcessingException e) {
            json = "{}";
        }
        accessLog.record(entry(caller, role, transport, tool, json, outcome, bytes, items, error, millis));
        String sql = "INSERT INTO api.tool_call (caller, role, transport, tool, arguments, outcome, result_bytes, result_items, "
                + "error, duration_ms) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, caller);
            ps.setString(2, role);
            ps.setString(3, transport);
            ps.setString(4, tool);
            ps.setString(5, json);
            ps.setString(6, outcome);
            ps.setInt(7, bytes);
            ps.setObject(8, items);
            ps.setString(9, error);
            ps.setInt(10, millis);
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.errorf(e, "could not record a call of tool %s", tool);
            throw new ToolCallException("the call could not be recorded, so it is refused");
        }
    }

    private static AccessLogEntry entry(String caller, String role, String transport, String tool, String arguments,
                                        String outcome, int bytes, Integer items, String error, int millis) {
        AccessLogEntry e = new AccessLogEntry();
        e.at = Instant.now().minusMillis(millis);
        e.actor = caller;
        e.role = role;
        e.channel = Channel.MCP;
        e.method = transport;
        e.tool = tool;
        e.arguments = arguments;
        e.status = "OK".equals(outcome) ? 200 : "anonymous".equals(caller) ? 401 : 400;
        e.rows = items;
        e.bytes = bytes;
        e.durationMs = millis;
        e.error = error;
        return e;
    }
}
