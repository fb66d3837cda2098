-- Anomaly lists are read newest first, ORDER BY detected_at DESC, id DESC (query-api, dashboard,
-- MCP). One detection run stores all its anomalies with the same detected_at (its transaction's
-- time), so an index on detected_at alone left the tie to a sort of the whole run: a page of 50
-- after a 91-day detection of 20,321 anomalies sorted all of them (9.6 ms, most of the list's cost
-- at 200 requests a second). With id in the index the page is its first 51 entries.
DROP INDEX anomaly_detected_at;
CREATE INDEX anomaly_detected_at ON anomaly (detected_at, id);
