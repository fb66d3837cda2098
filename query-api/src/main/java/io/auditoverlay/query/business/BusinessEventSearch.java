package io.auditoverlay.query.business;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.auditoverlay.query.config.QueryConfig;
import io.auditoverlay.query.db.Sql;
import io.auditoverlay.query.security.Caller;
import io.auditoverlay.query.web.Cursor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The business-event search ({@code q}): events whose attributes contain the text, case-insensitively,
 * newest first, in bounded steps.
 *
 * <p><b>By word</b> (the usual case): when words of the text (runs of letters and digits) are words
 * of the trail, only events holding them all whole are matched: {@code card} finds card payments,
 * not "discard". The word index ({@code business.business_event_word}, written with each event)
 * lists a word's events newest first, so the page's candidates are the first entries of one index
 * range however common the word is: first 4 times a page of them, then 40 and 400 times, each
 * checked against the whole text and the other filters. A text whose candidates run out goes to
 * the trigram step, still requiring the words.
 *
 * <p><b>By substring</b> (a text with no whole word of the trail, such as "insur"): the newest
 * {@code searchRecentRows} events that pass the other filters are read in time order and matched,
 * then ten times as many (a common text fills its page there); only then the trigram index, cheap
 * exactly when the text is not common. Also used when an actor, subject or transaction narrows
 * the search: their own indexes are narrower than any word.
 *
 * <p>The trigram step collects its matches first (a materialised CTE, so that no plan can walk the
 * time index instead, whatever the statistics say), then windows, orders and cuts them to the page.
 */
@ApplicationScoped
public class BusinessEventSearch {

    /** The second recent step reads this many times the first's rows; the word steps grow likewise. */
    public static final int WIDER = 10;
    /** The first word step's candidates, in pages. */
    static final int FIRST_WORD_STEP = 4;
    static final int WORD_STEPS = 3;

    private static final String NEWEST = " ORDER BY occurred_at DESC, id DESC";
    private static final String SEARCH_WORDS = "SELECT w FROM unnest(business.search_words(jsonb_build_array(?::text))) AS w "
            + "WHERE EXISTS (SELECT 1 FROM business.business_event_word x WHERE x.word = w) ORDER BY length(w) DESC, w";
    private static final String HAS_WORDS = "business.search_words(attributes) @> ?";

    private final DataSource dataSource;
    private final int searchRecentRows;

    public BusinessEventSearch(DataSource dataSource, QueryConfig config) {
        this.dataSource = dataSource;
        this.searchRecentRows = config.searchRecentRows();
    }

    List<BusinessEventView> find(BusinessEventFilter f, Caller caller, int max, Cursor cursor) {
        List<String> words = f.actor() == null && f.subjectId() == null && f.transactionId() == null ? searchWords(f.text()) : List.of();
        return words.isEmpty() ? bySubstring(f, caller, max, cursor) : byWords(words, f, caller, max, cursor);
    }

    /** The text's words that are words of the trail, longest first. */
    private List<String> searchWords(String text) {
        return new Sql().list(dataSource, SEARCH_WORDS, rs -> rs.getString(1), "looking up search words", text);
    }

    /**
     * Candidates are the entries of the longest word, newest first, whose event holds every other
     * word too (a probe of the same index per word, before any event row is read).
     */
    private List<BusinessEventView> byWords(List<String> words, BusinessEventFilter f, Caller caller, int max, Cursor cursor) {
        Sql candidates = new Sql().andAll("word = ?", words.get(0)).and("occurred_at >= ?", f.from()).and("occurred_at < ?", f.to())
                .after(cursor, "occurred_at", "event_id", "uuid");
        for (String other : words.subList(1, words.size())) {
            candidates.andAll("EXISTS (SELECT 1 FROM business.business_event_word y WHERE y.word = ? "
                    + "AND y.occurred_at = business_event_word.occurred_at AND y.event_id = business_event_word.event_id)", other);
        }
        Sql others = BusinessEventRepository.filter(new BusinessEventFilter(f.type(), f.branch(), null, f.subjectType(), null, null,
                f.text(), null, null), caller, true);
        String text = "SELECT " + BusinessEventRepository.COLUMNS + " FROM business.business_event WHERE id = ANY(ARRAY("
                + "SELECT event_id FROM business.business_event_word" + candidates.where()
                + " ORDER BY occurred_at DESC, event_id DESC LIMIT ?))" + others.where().replaceFirst(" WHERE ", " AND ") + NEWEST + " LIMIT ?";
        int rows = max * FIRST_WORD_STEP;
        for (int step = 0; step < WORD_STEPS; step++, rows *= WIDER) {
            List<Object> values = new ArrayList<>(candidates.params());
            values.add(rows);
            values.addAll(others.params());
            values.add(max);
            List<BusinessEventView> found = BusinessEventRepository.run(dataSource, new Sql(), text, values.toArray());
            if (found.size() >= max || !moreCandidates(candidates, rows)) {
                return found;
            }
        }
        return byTrigram(f, caller, max, cursor, words);
    }

    /** Whether the word has more than {@code rows} candidates (else the last step saw them all). */
    private boolean moreCandidates(Sql candidates, int rows) {
        String text = "SELECT count(*) FROM (SELECT 1 FROM business.business_event_word" + candidates.where() + " LIMIT ?) c";
        return candidates.list(dataSource, text, rs -> rs.getLong(1), "counting search candidates", rows + 1).get(0) > rows;
    }

    private List<BusinessEventView> bySubstring(BusinessEventFilter f, Caller caller, int max, Cursor cursor) {
        Sql others = BusinessEventRepository.filter(withoutText(f), caller, false).after(cursor, "occurred_at", "id", "uuid");
        String recent = "SELECT * FROM (SELECT " + BusinessEventRepository.COLUMNS + " FROM business.business_event" + others.where()
                + NEWEST + " LIMIT ?) recent WHERE attributes ILIKE ? ESCAPE '\\'" + NEWEST + " LIMIT ?";
        for (int rows = searchRecentRows; rows <= searchRecentRows * WIDER; rows *= WIDER) {
            List<BusinessEventView> found = BusinessEventRepository.run(dataSource, others, recent, rows, like(f.text()), max);
            if (found.size() >= max) {
                return found;
            }
        }
        return byTrigram(f, caller, max, cursor, List.of());
    }

    /** The trigram index's matches (holding {@code words} whole, if any), windowed and cut to the page. */
    private List<BusinessEventView> byTrigram(BusinessEventFilter f, Caller caller, int max, Cursor cursor, List<String> words) {
        Sql matching = BusinessEventRepository.filter(new BusinessEventFilter(f.type(), f.branch(), f.actor(), f.subjectType(),
                f.subjectId(), f.transactionId(), f.text(), null, null), caller, true).and(HAS_WORDS, words.isEmpty() ? null : new Sql.TextArray(words));
        Sql window = new Sql().and("occurred_at >= ?", f.from()).and("occurred_at < ?", f.to()).after(cursor, "occurred_at", "id", "uuid");
        String indexed = "WITH hits AS MATERIALIZED (SELECT id, occurred_at FROM business.business_event" + matching.where()
                + "), page AS MATERIALIZED (SELECT id, occurred_at FROM hits" + window.where() + NEWEST + " LIMIT ?) SELECT "
                + BusinessEventRepository.COLUMNS + " FROM business.business_event WHERE id IN (SELECT id FROM page)" + NEWEST;
        List<Object> values = new ArrayList<>(matching.params());
        values.addAll(window.params());
        values.add(max);
        return BusinessEventRepository.run(dataSource, new Sql(), indexed, values.toArray());
    }

    private static BusinessEventFilter withoutText(BusinessEventFilter f) {
        return new BusinessEventFilter(f.type(), f.branch(), f.actor(), f.subjectType(), f.subjectId(), f.transactionId(), null,
                f.from(), f.to());
    }

    static String like(String text) {
        return "%" + escapeLike(text) + "%";
    }

    /** LIKE wildcards in a search text are literal characters. */
    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
