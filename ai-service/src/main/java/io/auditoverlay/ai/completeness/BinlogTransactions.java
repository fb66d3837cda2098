package io.auditoverlay.ai.completeness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Folds binlog events into transactions: which GTIDs wrote rows of audited tables, which DDL or
 * TRUNCATE statements touched them, and where each domain's GTID sequence jumps. Pure: the
 * {@link BinlogScanner} feeds it events and keeps its state between runs.
 */
final class BinlogTransactions {

    private static final Pattern GTID = Pattern.compile("GTID (\\d+)-(\\d+)-(\\d+)");
    private static final Pattern TABLE_MAP = Pattern.compile("\\(([^.()]+)\\.([^()]+)\\)\\s*$");
    private static final Pattern USE = Pattern.compile("^use `?([^`;]+)`?;\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern DDL = Pattern.compile("^(ALTER|CREATE|DROP|RENAME|TRUNCATE)\\b", Pattern.CASE_INSENSITIVE);

    /** A transaction that wrote rows of audited tables. */
    record Written(String gtid, String file, long pos, Set<String> tables) {
    }

    private final Set<String> databases;
    private final Set<String> tables;
    private final Map<Long, Long> lastSeq;
    private final List<Finding> findings = new ArrayList<>();
    private final List<Written> written = new ArrayList<>();

    private String gtid;
    private boolean standalone;
    private String openFile;
    private long openPos;
    private Set<String> touched = new LinkedHashSet<>();
    private Map<Long, Long> seqBeforeOpen;

    /** @param tables audited {@code db.table} names; empty: every table of {@code databases} */
    BinlogTransactions(Set<String> databases, Set<String> tables, Map<Long, Long> lastSeq) {
        this.databases = databases;
        this.tables = tables;
        this.lastSeq = new HashMap<>(lastSeq);
    }

    void accept(BinlogEvent e) {
        switch (e.type()) {
            case "Gtid" -> begin(e);
            case "Table_map" -> {
                Matcher m = TABLE_MAP.matcher(e.info());
                if (gtid != null && m.find() && audited(m.group(1), m.group(2))) {
                    touched.add(m.group(1) + "." + m.group(2));
                }
            }
            case "Query" -> query(e);
            case "Xid" -> end();
            default -> {
            }
        }
    }

    private void begin(BinlogEvent e) {
        Matcher m = GTID.matcher(e.info());
        if (!m.find()) {
            return;
        }
        seqBeforeOpen = new HashMap<>(lastSeq);
        long domain = Long.parseLong(m.group(1));
        long seq = Long.parseLong(m.group(3));
        Long last = lastSeq.get(domain);
        if (last != null && seq > last + 1) {
            String first = domain + "-" + m.group(2) + "-" + (last + 1);
            String lastMissing = domain + "-" + m.group(2) + "-" + (seq - 1);
            findings.add(new Finding("capture.gtid-hole", "domain", "domain " + domain, first + ".." + lastMissing,
                    "GTID domain " + domain + " jumps from sequence " + last + " to " + seq + " in " + e.file() + " at " + e.pos()
                            + ": " + (seq - last - 1) + " transaction(s) (" + first + " .. " + lastMissing
                            + ") were never written to this binlog (written elsewhere, or gtid_seq_no forced); the trail cannot hold them"));
        }
        if (last == null || seq > last) {
            lastSeq.put(domain, seq);
        }
        gtid = m.group(1) + "-" + m.group(2) + "-" + m.group(3);
        standalone = !e.info().startsWith("BEGIN");
        openFile = e.file();
        openPos = e.pos();
        touched = new LinkedHashSet<>();
    }

    private void query(BinlogEvent e) {
        String statement = e.info().trim();
        String db = null;
        Matcher use = USE.matcher(statement);
        if (use.find()) {
            db = use.group(1);
            statement = statement.substring(use.end()).trim();
        }
        if ("COMMIT".equalsIgnoreCase(statement)) {
            end();
            return;
        }
        Matcher ddl = DDL.matcher(statement);
        if (ddl.find() && touchesAudited(db, statement)) {
            boolean truncate = "TRUNCATE".equalsIgnoreCase(ddl.group(1));
            String shown = statement.length() > 300 ? statement.substring(0, 300) + "…" : statement;
            findings.add(new Finding(truncate ? "capture.truncate" : "capture.ddl", "database", db == null ? "?" : db,
                    String.valueOf(gtid) + "@" + e.file() + ":" + e.pos(),
                    (truncate ? "TRUNCATE" : "DDL") + " on an audited database (GTID " + gtid + ", " + e.file() + " at " + e.pos()
                            + (db == null ? "" : ", database " + db) + "): " + shown));
        }
        if (standalone) {
            end();
        }
    }

    private void end() {
        if (gtid != null && !touched.isEmpty()) {
            written.add(new Written(gtid, openFile, openPos, touched));
        }
        gtid = null;
        seqBeforeOpen = null;
    }

    private boolean audited(String db, String table) {
        return tables.isEmpty() ? databases.contains(db) : tables.contains(db + "." + table);
    }

    private boolean touchesAudited(String db, String statement) {
        String lower = statement.toLowerCase(Locale.ROOT);
        for (String d : databases) {
            String name = d.toLowerCase(Locale.ROOT);
            if (d.equals(db) || lower.contains(name + ".") || lower.contains("`" + name + "`.")
                    || lower.matches("(?s).*\\b(database|schema)\\b.*\\b" + Pattern.quote(name) + "\\b.*")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a transaction is open (its start is where the next run must resume). */
    boolean open() {
        return gtid != null;
    }

    String openFile() {
        return openFile;
    }

    long openPos() {
        return openPos;
    }

    /** Each domain's last sequence, as of the last complete transaction. */
    Map<Long, Long> lastSeq() {
        return gtid != null && seqBeforeOpen != null ? seqBeforeOpen : lastSeq;
    }

    /** The purge left a gap: sequences start afresh. */
    void forgetSequences() {
        lastSeq.clear();
    }

    List<Finding> findings() {
        return findings;
    }

    List<Written> written() {
        return written;
    }
}
