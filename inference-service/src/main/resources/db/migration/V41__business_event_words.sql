-- Word index for query-api's business-event search (q). The trigram index (V2) finds the events
-- whose attributes contain a text, but not in time order: a common word ("card", "insurance")
-- matches a large share of the trail, and a newest-first page of it meant collecting and sorting
-- every match, or reading the newest events until the page filled (docs/query-api.md, "At volume").
-- Here every word of an event's attributes is a row (word, occurred_at, event_id):
-- the newest events holding a word are the first entries of one index range, whatever its size.
--
-- A word is a run of letters and digits, lower-cased ("Dr. Laura Bianchi" → dr, laura, bianchi;
-- "SKU-0238" → sku, 0238) of a string value; a boolean is the word true or false; keys and
-- numbers hold none. inference-service writes an event's words in the transaction that stores
-- it, one statement per batch (JdbcEventStore), with this function: the words are spelled in one
-- place. (A row trigger did the same at three times the cost: 130 against 45 us an event.)
-- The table is derived from business_event and is not part of the hash chain.
CREATE FUNCTION search_words(attributes jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT w), '{}')
    FROM regexp_split_to_table(lower((SELECT string_agg(v #>> '{}', ' ')
                                      FROM jsonb_path_query(attributes, 'strict $.** ? (@.type() == "string" || @.type() == "boolean")') AS v)),
                               '[^[:alnum:]]+') AS w
    WHERE w <> '' AND length(w) <= 64
$$;

COMMENT ON FUNCTION search_words(jsonb) IS 'The search words of a business event''s attributes: lower-cased runs of letters and digits of its string and boolean values.';

CREATE TABLE business_event_word (
    word        text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    event_id    uuid        NOT NULL
);

COMMENT ON TABLE business_event_word IS 'One row per word of a business event''s string and boolean attributes (search_words), for newest-first search; derived, not chained.';

-- The events already stored, in this migration's transaction (inference starts after it).
INSERT INTO business_event_word (word, occurred_at, event_id)
SELECT w, e.occurred_at, e.id FROM business_event e, unnest(search_words(e.attributes)) AS w;

CREATE INDEX business_event_word_newest ON business_event_word (word, occurred_at, event_id);

CREATE TRIGGER business_event_word_append_only BEFORE UPDATE OR DELETE ON business_event_word
    FOR EACH ROW EXECUTE FUNCTION forbid_history_change();
CREATE TRIGGER business_event_word_no_truncate BEFORE TRUNCATE ON business_event_word
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_history_change();

-- The writer adds words (INSERT); query-api reads them.
CREATE OR REPLACE FUNCTION grant_service_roles(prefix text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    s text := '${flyway:defaultSchema}';
    writer text := quote_ident(prefix || '_inference');
    ai text := quote_ident(prefix || '_ai');
    query text := quote_ident(prefix || '_query');
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %s, %s, %s', s, writer, ai, query);
    EXECUTE format('GRANT SELECT, INSERT ON %1$I.business_event, %1$I.chain_link, %1$I.business_event_word TO %2$s', s, writer);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %1$I.processed_transaction, %1$I.reference_row TO %2$s', s, writer);
    EXECUTE format('GRANT SELECT ON %I.business_event TO %s', s, ai);
    EXECUTE format('GRANT SELECT ON %1$I.business_event, %1$I.chain_link, %1$I.processed_transaction, %1$I.reference_row, '
                   '%1$I.business_event_word TO %2$s', s, query);
END;
$$;
REVOKE ALL ON FUNCTION grant_service_roles(text) FROM PUBLIC;

SELECT grant_service_roles(current_setting('audit.role_prefix'))
WHERE coalesce(current_setting('audit.role_prefix', true), '') <> '';
