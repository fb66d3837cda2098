package io.auditoverlay.ai.completeness;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The audited tables, their columns and primary keys, from the source's information_schema. */
final class SourceCatalog {

    private SourceCatalog() {
    }

    static List<SourceTable> read(Connection source, List<String> databases, Optional<List<String>> only) throws SQLException {
        String in = String.join(",", databases.stream().map(d -> "?").toList());
        Map<String, List<SourceTable.Column>> columns = new LinkedHashMap<>();
        Map<String, List<String>> keys = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = source.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES "
                + "WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA IN (" + in + ") ORDER BY TABLE_SCHEMA, TABLE_NAME")) {
            bind(ps, databases);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1) + "." + rs.getString(2), rs.getLong(3));
                }
            }
        }
        try (PreparedStatement ps = source.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, COLUMN_KEY, IS_NULLABLE "
                + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (" + in + ") ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION")) {
            bind(ps, databases);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1) + "." + rs.getString(2);
                    columns.computeIfAbsent(table, t -> new ArrayList<>())
                            .add(new SourceTable.Column(rs.getString(3), rs.getString(4).toLowerCase(), rs.getString(5).toLowerCase(),
                                    !"NO".equalsIgnoreCase(rs.getString(7))));
                }
            }
        }
        try (PreparedStatement ps = source.prepareStatement("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
                + "WHERE CONSTRAINT_NAME = 'PRIMARY' AND TABLE_SCHEMA IN (" + in + ") ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION")) {
            bind(ps, databases);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.computeIfAbsent(rs.getString(1) + "." + rs.getString(2), t -> new ArrayList<>()).add(rs.getString(3));
                }
            }
        }
        List<SourceTable> tables = new ArrayList<>();
        for (Map.Entry<String, Long> t : rows.entrySet()) {
            String name = t.getKey();
            if (!keys.containsKey(name) || only.isPresent() && !only.get().contains(name)) {
                continue;
            }
            int dot = name.indexOf('.');
            tables.add(new SourceTable(name.substring(0, dot), name.substring(dot + 1), columns.get(name), keys.get(name), t.getValue()));
        }
        return tables;
    }

    private static void bind(PreparedStatement ps, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(i + 1, values.get(i));
        }
    }
}
