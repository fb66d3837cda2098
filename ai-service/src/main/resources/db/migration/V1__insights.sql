-- Anomalies, their status history, daily summaries and the LLM answer cache.
-- Owned by ai-service; query-api writes anomaly status (and its audit rows) and reads the rest.

CREATE TABLE anomaly (
    id                uuid             PRIMARY KEY,
    detector          text             NOT NULL,
    severity          text             NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    score             double precision NOT NULL,
    branch_id         text,
    subject_type      text,
    subject_id        text,
    window_start      timestamptz,
    window_end        timestamptz,
    evidence          uuid[]           NOT NULL DEFAULT '{}',
    explanation       text             NOT NULL,
    llm_explanation   text,
    explained_by      text,
    explained_at      timestamptz,
    status            text             NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'DISMISSED')),
    status_changed_at timestamptz,
    status_changed_by text,
    detected_at       timestamptz      NOT NULL DEFAULT now()
);

COMMENT ON TABLE anomaly IS 'What looked wrong, with the business events that say so. id = UUID v5 over (detector, subject, window): evaluating a window again inserts nothing.';
COMMENT ON COLUMN anomaly.explanation IS 'Deterministic template text written by the detector.';
COMMENT ON COLUMN anomaly.llm_explanation IS 'Model-written explanation, stored only when every number in it is grounded in the evidence.';
COMMENT ON COLUMN anomaly.explained_by IS 'Model name, or template when the model was unavailable or its text was rejected.';

CREATE INDEX anomaly_detected_at ON anomaly (detected_at);
CREATE INDEX anomaly_branch_window ON anomaly (branch_id, window_start);
CREATE INDEX anomaly_detector_window ON anomaly (detector, window_start);
CREATE INDEX anomaly_subject ON anomaly (subject_type, subject_id);
CREATE INDEX anomaly_unexplained ON anomaly (detected_at) WHERE explained_by IS NULL;

CREATE TABLE anomaly_status_change (
    id         bigserial   PRIMARY KEY,
    anomaly_id uuid        NOT NULL REFERENCES anomaly (id),
    status     text        NOT NULL CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'DISMISSED')),
    actor      text        NOT NULL,
    note       text,
    changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX anomaly_status_change_anomaly ON anomaly_status_change (anomaly_id, changed_at);

CREATE TABLE daily_summary (
    branch_id    text        NOT NULL,
    summary_date date        NOT NULL,
    facts        jsonb       NOT NULL,
    text         text        NOT NULL,
    written_by   text        NOT NULL,
    generated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (branch_id, summary_date)
);

COMMENT ON TABLE daily_summary IS 'One summary per branch and local date; branch_id * is the whole chain.';
COMMENT ON COLUMN daily_summary.written_by IS 'Model name, or template.';

CREATE TABLE llm_cache (
    prompt_hash text        PRIMARY KEY,
    model       text        NOT NULL,
    response    text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE llm_cache IS 'Model answers by SHA-256 of (model, system prompt, user prompt); reused within the configured TTL, across restarts.';
