package io.auditoverlay.simulator.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates or updates the reference schema from {@code deploy/source/schema.sql}, which the build
 * copies into the jar: there is one definition of the schema, not two.
 *
 * <p>The file's {@code CREATE DATABASE} and {@code USE} are skipped so that the schema lands in
 * the database of the JDBC URL (the application user may not create databases, and tests use
 * scratch databases). Tables are created if missing; a table that exists but lacks a column of
 * the reference gets that column added, with the file's definition.
 */
public final class SchemaInstaller {

    static final String RESOURCE = "/io/auditoverlay/simulator/schema/schema.sql";
    private static final Pattern CREATE_TABLE =
            Pattern.compile("(?is)CREATE TABLE IF NOT EXISTS\\s+(\\w+)\\s*\\((.*)\\)\\s*ENGINE.*");
    private static final Set<String> NOT_COLUMNS = Set.of("KEY", "PRIMARY", "UNIQUE", "CONSTRAINT", "INDEX", "FOREIGN");

    private final List<String> statements;

    public SchemaInstaller() {
        this(readResource());
    }

    SchemaInstaller(String script) {
        this.statements = split(script);
    }

    /** The statements that will run, in order (tables only). */
    public List<String> statements() {
        return statements;
    }

    /** Table name → column name → column definition, as the reference file declares them. */
    public Map<String, Map<String, String>> referenceColumns() {
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        for (String statement : statements) {
            Matcher m = CREATE_TABLE.matcher(statement);
            if (!m.matches()) {
                continue;
            }
            Map<String, String> columns = new LinkedHashMap<>();
            for (String line : m.group(2).split("\n")) {
                String def = line.strip();
                if (def.endsWith(",")) {
                    def = def.substring(0, def.length() - 1);
                }
                if (def.isEmpty()) {
                    continue;
                }
                String first = def.split("\\s+")[0];
                if (NOT_COLUMNS.contains(first.toUpperCase(Locale.ROOT))) {
                    continue;
                }
                columns.put(first.toLowerCase(Locale.ROOT), def);
            }
            tables.put(m.group(1).toLowerCase(Locale.ROOT), columns);
        }
        return tables;
    }

    /**
     * Applies the schema and returns what it did (tables created, columns added), so the CLI can say so.
     */
    public List<String> install(Connection connection) throws SQLException {
        List<String> done = new ArrayList<>();
        Map<String, Set<String>> before = existingColumns(connection);
        try (Statement st = connection.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
            for (Map.Entry<String, Map<String, String>> table : referenceColumns().entrySet()) {
                Set<String> existing = before.get(table.getKey());
                if (existing == null) {
                    done.add("created table " + table.getKey());
                    continue;
                }
                for (Map.Entry<String, String> column : table.getValue().entrySet()) {
                    if (!existing.contains(column.getKey())) {
                        String def = column.getValue().replaceAll("(?i)\\s+PRIMARY KEY", "");
                        st.execute("ALTER TABLE " + table.getKey() + " ADD COLUMN " + def);
                        done.add("added column " + table.getKey() + "." + column.getKey());
                    }
                }
            }
        }
        return done;
    }

    /** Names of reference tables or columns missing from the connected database; empty when it is complete. */
    public List<String> missing(Connection connection) throws SQLException {
        Map<String, Set<String>> existing = existingColumns(connection);
        List<String> missing = new ArrayList<>();
        referenceColumns().forEach((table, columns) -> {
            Set<String> have = existing.get(table);
            if (have == null) {
                missing.add(table);
            } else {
                columns.keySet().stream().filter(c -> !have.contains(c)).forEach(c -> missing.add(table + "." + c));
            }
        });
        return missing;
    }

    private static Map<String, Set<String>> existingColumns(Connection connection) throws SQLException {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT table_name, column_name FROM information_schema.columns"
                     + " WHERE table_schema = DATABASE()")) {
            while (rs.next()) {
                result.computeIfAbsent(rs.getString(1).toLowerCase(Locale.ROOT), t -> new HashSet<>())
                        .add(rs.getString(2).toLowerCase(Locale.ROOT));
            }
        }
        return result;
    }

    static List<String> split(String script) {
        StringBuilder clean = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("--")) {
                clean.append(line).append('\n');
            }
        }
        List<String> result = new ArrayList<>();
        for (String part : clean.toString().split(";\\s*\n")) {
            String sql = part.strip();
            if (sql.endsWith(";")) {
                sql = sql.substring(0, sql.length() - 1);
            }
            String upper = sql.toUpperCase(Locale.ROOT);
            if (sql.isEmpty() || upper.startsWith("CREATE DATABASE") || upper.startsWith("USE ")) {
                continue;
            }
            result.add(sql);
        }
        return List.copyOf(result);
    }

    private static String readResource() {
        try (InputStream in = SchemaInstaller.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing from the jar: " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
