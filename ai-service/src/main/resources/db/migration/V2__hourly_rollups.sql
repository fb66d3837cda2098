-- Hourly rollups of the business events the statistical detectors measure (docs/anomalies.md,
-- "Rollups"). Maintained by ai-service from audit.business in the same database transaction that
-- records the events as counted (rollup_event), so a redelivered event adds nothing; rebuilt from
-- business.business_event by POST /api/rollups/backfill. The detectors read these in SQL and never
-- load a baseline's events, so memory does not grow with the length of the history.

CREATE TABLE rollup_hourly (
    series     text             NOT NULL,
    branch_id  text             NOT NULL,
    hour       timestamptz      NOT NULL,
    subject_id text             NOT NULL,
    label      text             NOT NULL DEFAULT '',
    value      double precision NOT NULL,
    squares    double precision NOT NULL,
    cubes      double precision NOT NULL,
    events     integer          NOT NULL,
    PRIMARY KEY (series, branch_id, hour, subject_id, label)
);

COMMENT ON TABLE rollup_hourly IS 'Per series (sales, sales_value, voids, refunds, discounts, adjustments, units, activity), branch, UTC hour and subject: the sum of the events'' contributions, of their squares and cubes (noise and skew of money series), and the number of events.';

CREATE TABLE rollup_series (
    series     text        NOT NULL,
    branch_id  text        NOT NULL,
    first_hour timestamptz NOT NULL,
    PRIMARY KEY (series, branch_id)
);

COMMENT ON TABLE rollup_series IS 'Where each branch''s series starts: hours before it are unknown, not zero.';

CREATE TABLE rollup_event (
    event_id    uuid        PRIMARY KEY,
    occurred_at timestamptz NOT NULL
);

COMMENT ON TABLE rollup_event IS 'Business events already counted in rollup_hourly: the idempotency guard against redelivery and overlapping backfills.';

CREATE INDEX rollup_event_occurred_at ON rollup_event (occurred_at);
