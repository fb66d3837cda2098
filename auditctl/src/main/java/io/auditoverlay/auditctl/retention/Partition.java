package io.auditoverlay.auditctl.retention;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A month partition of changes.change_event ({@code change_event_YYYY_MM}, as the normalizer names them). */
record Partition(String name, YearMonth month) {

    private static final Pattern NAME = Pattern.compile("change_event_(\\d{4})_(\\d{2})");

    String table() {
        return "changes." + name;
    }

    LocalDate from() {
        return month.atDay(1);
    }

    LocalDate to() {
        return month.plusMonths(1).atDay(1);
    }

    /** The partitions attached now, oldest first. */
    static List<Partition> attached(Connection c) throws SQLException {
        List<Partition> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT c.relname FROM pg_inherits i "
                + "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'changes.change_event'::regclass ORDER BY 1")) {
            while (rs.next()) {
                Matcher m = NAME.matcher(rs.getString(1));
                if (m.matches()) {
                    out.add(new Partition(rs.getString(1), YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))));
                }
            }
        }
        return out;
    }
}
