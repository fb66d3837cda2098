-- A synthetic 90-day trail for the read-side benchmark, loaded straight into the tables
-- (the pipeline cannot write 900k sales on this machine in the time available).
-- 10 branches x 10,000 sales a day x 90 days = 900,000 sales, each one POS transaction of
-- 4 row changes (sales, sale_items, inventory, inventory_adjustments): 3.6 M change rows,
-- 900k END markers, 927k business events (sale.completed + one void in 33), 4,500 anomalies.
-- Ids are deterministic (md5-based uuids) so that a reload gives the same data.
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET search_path TO changes;

CREATE TEMP TABLE params AS SELECT date_trunc('day', now()) - interval '90 days' AS t0;

SELECT changes.ensure_change_event_partition(m)
FROM params, generate_series(date_trunc('month', t0), date_trunc('month', now()), interval '1 month') m;

CREATE TEMP TABLE sale AS
SELECT g AS id,
       (1 + g % 10)::text AS branch,
       t0 + ((g - 1) / 10000) * interval '1 day' + interval '8 hours' + ((g - 1) % 10000) * interval '3.6 seconds' AS at,
       'pos:0-1-' || g AS tx,
       1 + (g::bigint * 7919) % 2000 AS product,
       ((1 + g % 10) * 100 + g % 8)::text AS cashier
FROM params, generate_series(1, 900000) g;

INSERT INTO changes.source_transaction (transaction_id, source, event_count, data_collections, ended_at)
SELECT tx, 'pos', 4, '[{"data_collection":"pharmacy.sales","event_count":1}]'::jsonb, at FROM sale;

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
         WHEN 2 THEN jsonb_build_object('id', s.id, 'sale_id', s.id, 'product_id', s.product, 'quantity', 1, 'line_total', (s.id % 300) + 0.5)
         WHEN 3 THEN jsonb_build_object('quantity', 49, 'last_reason', 'SALE')
         ELSE jsonb_build_object('id', s.id, 'branch_id', s.branch::int, 'product_id', s.product, 'delta', -1, 'reason', 'SALE')
       END,
       CASE k WHEN 3 THEN ARRAY['quantity', 'last_reason'] ELSE ARRAY['id'] END,
       s.tx, k, s.at, s.at, 1, 'mb.' || lpad(((s.id / 50000) + 1)::text, 6, '0'), 4 + (s.id % 50000) * 1200 + k * 200, 0,
       '0-1-' || s.id, false, s.branch, 1
FROM sale s CROSS JOIN generate_series(1, 4) k;

INSERT INTO business.business_event (id, type, branch_id, actor_user_id, subject_type, subject_id, occurred_at, transaction_id,
    attributes, source_event_ids, rule, partial)
SELECT md5('be-' || s.id)::uuid, 'sale.completed', s.branch, s.cashier, 'sale', s.id::text, s.at, s.tx,
       jsonb_build_object('total', (s.id % 300) + 0.5, 'items', 1, 'paymentMethod', 'CARD'),
       ARRAY[md5('chg-' || s.id || '-1')::uuid, md5('chg-' || s.id || '-2')::uuid, md5('chg-' || s.id || '-3')::uuid,
             md5('chg-' || s.id || '-4')::uuid], 'sale-completed', false
FROM sale s;

INSERT INTO business.business_event (id, type, branch_id, actor_user_id, subject_type, subject_id, occurred_at, transaction_id,
    attributes, source_event_ids, rule, partial)
SELECT md5('void-' || s.id)::uuid, 'sale.voided', s.branch, s.cashier, 'sale', s.id::text, s.at + interval '2 minutes',
       'pos:0-2-' || s.id, jsonb_build_object('reason', 'customer changed mind', 'total', (s.id % 300) + 0.5), '{}', 'sale-voided', false
FROM sale s WHERE s.id % 33 = 0;

INSERT INTO insights.anomaly (id, detector, severity, score, branch_id, subject_type, subject_id, window_start, window_end,
    evidence, explanation, status, detected_at)
SELECT md5('an-' || g)::uuid, (ARRAY['void-rate', 'refund-without-sale', 'after-hours-adjustment', 'price-change-burst'])[1 + g % 4],
       (ARRAY['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'])[1 + g % 4], 2 + (g % 50) / 10.0, (1 + g % 10)::text, 'user',
       ((1 + g % 10) * 100 + g % 8)::text, t0 + (g / 50.0) * interval '1 day', t0 + (g / 50.0) * interval '1 day' + interval '1 hour',
       ARRAY[md5('be-' || (1 + (g * 191) % 900000))::uuid], 'synthetic anomaly ' || g,
       (ARRAY['OPEN', 'OPEN', 'ACKNOWLEDGED', 'DISMISSED'])[1 + g % 4], t0 + (g / 50.0) * interval '1 day' + interval '2 hours'
FROM params, generate_series(1, 4500) g;

ANALYZE changes.change_event;
ANALYZE changes.source_transaction;
ANALYZE business.business_event;
ANALYZE insights.anomaly;
