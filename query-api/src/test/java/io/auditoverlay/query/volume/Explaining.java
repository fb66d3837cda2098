package io.auditoverlay.query.volume;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * DataSources over one open connection, for the repositories under test. {@link #explaining}
 * runs every statement a repository prepares as {@code EXPLAIN} of itself, with the repository's
 * own parameter bindings, records the plan, and hands the repository an empty result (so a
 * two-step query runs both steps). {@link #plain} runs statements as they are.
 */
final class Explaining {

    /** One statement a repository ran and the plan PostgreSQL chose for it. */
    record Plan(String sql, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }
    }

    private Explaining() {
    }

    static DataSource explaining(Connection connection, List<Plan> plans) {
        return explaining(connection, plans, "EXPLAIN ");
    }

    /** As {@link #explaining(Connection, List)}, with another prefix (for example {@code EXPLAIN (ANALYZE) }). */
    static DataSource explaining(Connection connection, List<Plan> plans, String explain) {
        return dataSource(connection, (proxy, method, args) -> {
            if (method.getName().equals("prepareStatement") && args.length == 1) {
                String sql = (String) args[0];
                PreparedStatement real = connection.prepareStatement(explain + sql);
                return proxy(PreparedStatement.class, (p, m, a) -> {
                    if (m.getName().equals("executeQuery")) {
                        List<String> lines = new ArrayList<>();
                        try (ResultSet rs = real.executeQuery()) {
                            while (rs.next()) {
                                lines.add(rs.getString(1));
                            }
                        }
                        plans.add(new Plan(sql, lines));
                        return proxy(ResultSet.class, (r, rm, ra) -> switch (rm.getName()) {
                            case "next", "wasNull" -> false;
                            case "close" -> null;
                            default -> throw new UnsupportedOperationException(rm.getName());
                        });
                    }
                    return invoke(real, m, a);
                });
            }
            return connectionCall(connection, method, args);
        });
    }

    static DataSource plain(Connection connection) {
        return dataSource(connection, (proxy, method, args) -> connectionCall(connection, method, args));
    }

    private static Object connectionCall(Connection connection, Method method, Object[] args) throws Throwable {
        return method.getName().equals("close") ? null : invoke(connection, method, args);
    }

    private static DataSource dataSource(Connection connection, InvocationHandler connectionHandler) {
        Connection shared = proxy(Connection.class, connectionHandler);
        return proxy(DataSource.class, (p, m, a) -> {
            if (m.getName().equals("getConnection")) {
                return shared;
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(Explaining.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
