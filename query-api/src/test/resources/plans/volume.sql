-- A freshly loaded trail for QueryPlanIT, written the way the pipeline writes it: into tables
-- that already have their owners' indexes, with no ANALYZE afterwards. {{SALES}} sales over
-- {{DAYS}} days, 10 branches; each sale is one POS transaction of 4 row changes and one
-- business event; one sale in 33 is voided; one in 5,000 has a THEFT adjustment.
CREATE TEMP TABLE params AS SELECT date_trunc('day', now()) - interval '{{DAYS}} days' AS t0,
    interval '1 day' * {{DAYS}} / {{SALES}} AS step;

SELECT changes.ensure_change_event_partition(m)
FROM params, generate_series(date_trunc('month', t0), date_trunc('month', now()), interval '1 month') m;

CREATE TEMP TABLE sale AS
SELECT g AS id, (1 + g % 10)::text AS branch, t0 + (g - 1) * step AS at, 'pos:0-1-' || g AS tx,
       1 + (g::bigint * 7919) % 2000 AS product, ((1 + g % 10) * 100 + g % 8)::text AS cashier
FROM params, generate_series(1, {{SALES}}) g;

INSERT INTO changes.change_event (event_id, source, database_name, table_name, op, primary_key, before, after,
    changed_columns, transaction_id, transaction_order, committed_at, captured_at, server_id, binlog_file, binlog_pos,
    binlog_row, gtid, snapshot, branch_id, schema_version)
SELECT md5('chg-' || s.id || '-' || k)::uuid, 'pos', 'pharmacy',
       (ARRAY['sales', 'sale_items', 'inventory', 'inventory_adjustments'])[k],
       CASE k WHEN 3 THEN 'UPDATE' ELSE 'CREATE' END,
       CASE k WHEN 3 THEN jsonb_build_object('branch_id', s.branch::int, 'product_id', s.product)
              ELSE jsonb_build_object('id', s.id) END,
       CASE k WHEN 3 THEN jsonb_build_object('quantity', 50) END,
       CASE k
         WHEN 1 THEN jsonb_build_object('id', s.id, 'branch_id', s.branch::int, 'user_id', s.cashier::int, 'status', 'COMPLETED',
                                        'total', (s.id % 300) + 0.5, 'payment_method', 'CARD')
         WHEN 2 THEN jsonb_build_object('id', s.id, 'sale_id', s.id, 'product_id', s.product, 'quantity', 1)
         WHEN 3 THEN jsonb_build_object('quantity', 49, 'last_reason', 'SALE')
         ELSE jsonb_build_object('id', s.id, 'branch_id', s.branch::int, 'product_id', s.product, 'delta', -1, 'reason', 'SALE')
       END,
       CASE k WHEN 3 THEN ARRAY['quantity', 'last_reason'] ELSE ARRAY['id'] END,
       s.tx, k, s.at, s.at, 1, 'mb.000001', 4 + s.id * 1200 + k * 200, 0, '0-1-' || s.id, false, s.branch, 1
FROM sale s CROSS JOIN generate_series(1, 4) k;

INSERT INTO business.business_event (id, type, branch_id, actor_user_id, subject_type, subject_id, occurred_at, transaction_id,
    attributes, source_event_ids, rule, partial)
SELECT md5('be-' || s.id)::uuid, 'sale.completed', s.branch, s.cashier, 'sale', s.id::text, s.at, s.tx,
       jsonb_build_object('total', (s.id % 300) + 0.5, 'items', 1, 'paymentMethod', CASE WHEN s.id % 3 = 0 THEN 'CASH' ELSE 'CARD' END),
       ARRAY[md5('chg-' || s.id || '-1')::uuid, md5('chg-' || s.id || '-2')::uuid, md5('chg-' || s.id || '-3')::uuid,
             md5('chg-' || s.id || '-4')::uuid], 'sale-completed', false
FROM sale s;

INSERT INTO business.business_event (id, type, branch_id, actor_user_id, subject_type, subject_id, occurred_at, transaction_id,
    attributes, source_event_ids, rule, partial)
SELECT md5('void-' || s.id)::uuid, 'sale.voided', s.branch, s.cashier, 'sale', s.id::text, s.at + interval '2 minutes',
       'pos:0-2-' || s.id, jsonb_build_object('reason', 'customer changed mind', 'total', (s.id % 300) + 0.5), '{}', 'sale-voided', false
FROM sale s WHERE s.id % 33 = 0;

INSERT INTO business.business_event (id, type, branch_id, actor_user_id, subject_type, subject_id, occurred_at, transaction_id,
    attributes, source_event_ids, rule, partial)
SELECT md5('adj-' || s.id)::uuid, 'inventory.adjusted', s.branch, s.cashier, 'product', s.product::text, s.at + interval '5 minutes',
       'pos:0-3-' || s.id, jsonb_build_object('reason', 'THEFT', 'delta', -2), '{}', 'inventory-adjusted', false
FROM sale s WHERE s.id % 5000 = 0;

-- The events' search words, as inference-service writes them with each batch (its V41's search_words).
INSERT INTO business.business_event_word (word, occurred_at, event_id)
SELECT w, e.occurred_at, e.id FROM business.business_event e, unnest(business.search_words(e.attributes)) AS w;

INSERT INTO insights.anomaly (id, detector, severity, score, branch_id, subject_type, subject_id, window_start, window_end,
    evidence, explanation, status, detected_at)
SELECT md5('an-' || g)::uuid, (ARRAY['void-rate', 'refund-without-sale', 'after-hours-adjustment', 'price-change-burst'])[1 + g % 4],
       (ARRAY['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'])[1 + g % 4], 2 + (g % 50) / 10.0, (1 + g % 10)::text, 'user',
       ((1 + g % 10) * 100 + g % 8)::text, t0 + (g / 50.0) * interval '1 day', t0 + (g / 50.0) * interval '1 day' + interval '1 hour',
       ARRAY[md5('be-' || g)::uuid], 'synthetic anomaly ' || g,
       (ARRAY['OPEN', 'OPEN', 'ACKNOWLEDGED', 'DISMISSED'])[1 + g % 4], t0 + (g / 50.0) * interval '1 day' + interval '2 hours'
FROM params, generate_series(1, 50 * {{DAYS}}) g;
