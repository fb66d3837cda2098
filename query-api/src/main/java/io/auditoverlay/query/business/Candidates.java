package io.auditoverlay.query.business;

import java.util.ArrayList;
import java.util.List;

import io.auditoverlay.query.db.Sql;
import io.auditoverlay.query.web.Cursor;

/**
 * The search's candidate events, read from the word index ({@code business.business_event_word})
 * newest first: a statement selecting event ids, its values and, last, how many to select.
 *
 * @param select the statement, ending in one or two {@code LIMIT ?}
 * @param params the statement's values before the limits
 * @param limits how many {@code LIMIT ?} placeholders take the count
 */
record Candidates(String select, List<Object> params, int limits) {

    private static final String NEWEST = " ORDER BY occurred_at DESC, event_id DESC LIMIT ?";

    /** The entries of {@code word} whose event holds each of {@code others} too (an index probe each). */
    static Candidates ofWord(String word, List<String> others, BusinessEventFilter f, Cursor cursor) {
        Sql where = window(new Sql().andAll("word = ?", word), f, cursor);
        for (String other : others) {
            where.andAll("EXISTS (SELECT 1 FROM business.business_event_word y WHERE y.word = ? "
                    + "AND y.occurred_at = business_event_word.occurred_at AND y.event_id = business_event_word.event_id)", other);
        }
        return new Candidates("SELECT event_id FROM business.business_event_word" + where.where() + NEWEST, where.params(), 1);
    }

    /**
     * The entries of any of {@code words}, newest first: each word's newest entries (one index range
     * each), merged. An event holding two of the words is a candidate twice, which costs only a place.
     */
    static Candidates ofPrefix(List<String> words, BusinessEventFilter f, Cursor cursor) {
        Sql where = window(new Sql().andAll("word = p.w"), f, cursor);
        List<Object> params = new ArrayList<>();
        params.add(new Sql.TextArray(words));
        params.addAll(where.params());
        return new Candidates("SELECT c.event_id FROM unnest(?::text[]) AS p(w) CROSS JOIN LATERAL (SELECT occurred_at, event_id "
                + "FROM business.business_event_word" + where.where() + NEWEST + ") c"
                + " ORDER BY c.occurred_at DESC, c.event_id DESC LIMIT ?", List.copyOf(params), 2);
    }

    private static Sql window(Sql where, BusinessEventFilter f, Cursor cursor) {
        return where.and("occurred_at >= ?", f.from()).and("occurred_at < ?", f.to()).after(cursor, "occurred_at", "event_id", "uuid");
    }

    /** The statement's values to select {@code rows} candidates. */
    List<Object> values(int rows) {
        List<Object> values = new ArrayList<>(params);
        for (int i = 0; i < limits; i++) {
            values.add(rows);
        }
        return values;
    }
}
