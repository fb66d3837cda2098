package io.auditoverlay.ai.completeness;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/** The texts and identities of the reconciliation's findings. */
final class Findings {

    private static final int SHOWN = 10;

    private Findings() {
    }

    /** Rows of one chunk that differ from the trail, twice and unchanged: a change the binlog never carried (or lost). */
    static Finding gap(SourceTable t, KeyRange r, List<RowDiff> rows) {
        String shown = rows.stream().limit(SHOWN).map(RowDiff::describe).collect(Collectors.joining("; "));
        String text = t.qualified() + ", keys " + r + ": " + rows.size() + " row(s) differ from the state the trail implies"
                + " (latest after-image per key), unchanged on a second read: " + shown + (rows.size() > SHOWN ? "; …" : "")
                + ". Written without a binlog event (sql_log_bin = 0, a binlog filter, a restore from backup) or lost on the way.";
        return new Finding("capture.gap", "table", t.qualified(), r + "|" + digest(rows.toString()), text);
    }

    /** Transactions the binlog holds with rows of audited tables, and the trail does not. */
    static Finding missingTransactions(String source, List<BinlogTransactions.Written> absent) {
        String shown = absent.stream().limit(SHOWN).map(w -> w.gtid() + " (" + String.join(", ", w.tables()) + ", " + w.file() + " at " + w.pos() + ")")
                .collect(Collectors.joining("; "));
        String text = absent.size() + " source transaction(s) wrote rows of audited tables and are in the binlog before the trail's"
                + " newest position, but not in the trail: " + shown + (absent.size() > SHOWN ? "; …" : "");
        String ids = absent.stream().map(BinlogTransactions.Written::gtid).collect(Collectors.joining(","));
        return new Finding("capture.gap", "source", source, "transactions|" + digest(ids), text);
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
