-- TEST ONLY. Used when ai-service's own migrations are not in this checkout (see business.sql).
CREATE TABLE IF NOT EXISTS insights.anomaly (
    id                uuid PRIMARY KEY,
    detector          text NOT NULL,
    severity          text NOT NULL,
    score             double precision,
    branch_id         text,
    subject_type      text,
    subject_id        text,
    window_start      timestamptz,
    window_end        timestamptz,
    evidence          uuid[] NOT NULL DEFAULT '{}',
    explanation       text,
    llm_explanation   text,
    explained_by      text,
    status            text NOT NULL DEFAULT 'OPEN',
    status_changed_at timestamptz,
    status_changed_by text,
    detected_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS anomaly_detected_at ON insights.anomaly (detected_at);
CREATE INDEX IF NOT EXISTS anomaly_branch ON insights.anomaly (branch_id, detected_at);
CREATE TABLE IF NOT EXISTS insights.anomaly_status_change (
    id         bigserial PRIMARY KEY,
    anomaly_id uuid NOT NULL,
    status     text NOT NULL,
    actor      text NOT NULL,
    note       text,
    changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS insights.daily_summary (
    branch_id    text NOT NULL,
    summary_date date NOT NULL,
    facts        jsonb NOT NULL DEFAULT '{}',
    text         text,
    written_by   text,
    generated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (branch_id, summary_date)
);
CREATE TABLE IF NOT EXISTS insights.llm_cache (
    prompt_hash text PRIMARY KEY,
    model       text,
    response    text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
