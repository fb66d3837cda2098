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
 * <p><b>By the start of words</b> (a text with no whole word of the trail, such as "insur", typed
 * halfway): when its longest word begins at most {@value #MAX_PREFIX_WORDS} words of the trail
 * ("insurance", "insured"), the candidates are those words' index entries, newest first, merged;
 * the same steps follow. "insur" then finds "insurance", not "reinsurance".
 *
 * <p><b>By substring</b> (a text that begins no word of the trail, such as "surance", or begins too many): the newest
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
    /** A prefix that begins more words of the trail than this is searched as a substring. */
    static final int MAX_PREFIX_WORDS = 32;

    private static final String NEWEST = " ORDER BY occurred_at DESC, id DESC";
    /** The text's words, longest first, each with whether it is a word of the trail. */
    private static final String TEXT_WORDS = "SELECT w, EXISTS (SELECT 1 FROM business.business_event_word x WHERE x.word = w) "
            + "FROM unnest(business.search_words(jsonb_build_array(?::text))) AS w ORDER BY length(w) DESC, w";
    /** A loose scan of the word index: the next word after the last found, one probe each. */
    private static final String PREFIX_WORDS = "WITH RECURSIVE w(word) AS ("
            + "SELECT min(word) FROM business.business_event_word WHERE word >= ? AND word < ? UNION ALL "
            + "SELECT (SELECT min(x.word) FROM business.business_event_word x WHERE x.word > w.word AND x.word < ?) FROM w "
            + "WHERE w.word IS NOT NULL) SELECT word FROM w WHERE word IS NOT NULL AND starts_with(word, ?) LIMIT ?";
    private static final String HAS_WORDS = "business.search_words(attributes) @> ?";

    private final DataSource dataSource;
    private final int searchRecentRows;

    public BusinessEventSearch(DataSource dataSource, QueryConfig config) {
        this.dataSource = dataSource;
        this.searchRecentRows = config.searchRecentRows();
    }

    List<BusinessEventView> find(BusinessEventFilter f, Caller caller, int max, Cursor cursor) {
        if (f.actor() != null || f.subjectId() != null || f.transactionId() != null) {
            return bySubstring(f, caller, max, cursor);
        }
        List<Token> tokens = new Sql().list(dataSource, TEXT_WORDS, rs -> new Token(rs.getString(1), rs.getBoolean(2)),
                "looking up search words", f.text());
        List<String> words = tokens.stream().filter(Token::ofTheTrail).map(Token::word).toList();
        if (!words.isEmpty()) {
            return byWords(Candidates.ofWord(words.get(0), words.subList(1, words.size()), f, cursor), words, f, caller, max, cursor);
        }
        List<String> starts = tokens.isEmpty() ? List.of() : wordsStartingWith(tokens.get(0).word());
        return starts.isEmpty() ? bySubstring(f, caller, max, cursor)
                : byWords(Candidates.ofPrefix(starts, f, cursor), List.of(), f, caller, max, cursor);
    }

    /** A word of the search text, and whether some event holds it. */
    private record Token(String word, boolean ofTheTrail) {
    }

    /**
     * The words of the trail that begin with {@code prefix} (a word typed halfway: "insur"), when
     * there are at most {@link #MAX_PREFIX_WORDS} of them; none otherwise (a prefix that short is
     * searched as a substring). One index probe a word (a loose scan of the word index).
     */
    private List<String> wordsStartingWith(String prefix) {
        List<String> found = new Sql().list(dataSource, PREFIX_WORDS, rs -> rs.getString(1), "looking up words by their start",
                prefix, upperBound(prefix), upperBound(prefix), prefix, MAX_PREFIX_WORDS + 1);
        return found.size() > MAX_PREFIX_WORDS ? List.of() : found;
    }

    /** The least text greater than every text that begins with {@code prefix} (in the byte order of a C collation). */
    static String upperBound(String prefix) {
        int last = prefix.codePointBefore(prefix.length());
        return prefix.substring(0, prefix.length() - Character.charCount(last)) + Character.toString(last + 1);
    }

    /**
     * Candidates are index entries newest first (those of the longest word, whose event holds every
     * other word too, or those of the words a prefix begins), then read and checked against the
     * whole text and the other filters: 4, 40, then 400 pages of them.
     */
    private List<BusinessEventView> byWords(Candidates candidates, List<String> words, BusinessEventFilter f, Caller caller, int max,
                                            Cursor cursor) {
        Sql others = BusinessEventRepository.filter(new BusinessEventFilter(f.type(), f.branch(), null, f.subjectType(), null, null,
                f.text(), null, null), caller, true);
        String text = "SELECT " + BusinessEventRepository.COLUMNS + " FROM business.business_event WHERE id = ANY(ARRAY("
                + candidates.select() + "))" + others.where().replaceFirst(" WHERE ", " AND ") + NEWEST + " LIMIT ?";
        int rows = max * FIRST_WORD_STEP;
        for (int step = 0; step < WORD_STEPS; step++, rows *= WIDER) {
            List<Object> values = candidates.values(rows);
            values.addAll(others.params());
            values.add(max);
            List<BusinessEventView> found = BusinessEventRepository.run(dataSource, new Sql(), text, values.toArray());
            if (found.size() >= max || !moreCandidates(candidates, rows)) {
                return found;
            }
        }
        return byTrigram(f, caller, max, cursor, words);
    }

    /** Whether there are more than {@code rows} candidates (else the last step saw them all). */
    private boolean moreCandidates(Candidates candidates, int rows) {
        String text = "SELECT count(*) FROM (" + candidates.select() + ") c";
        return new Sql().list(dataSource, text, rs -> rs.getLong(1), "counting search candidates",
                candidates.values(rows + 1).toArray()).get(0) > rows;
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
