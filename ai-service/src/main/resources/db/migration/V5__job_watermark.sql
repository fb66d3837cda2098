-- How far each scheduled job has got, so that a restart catches up every hour and day it missed
-- (a summary due at 23:30 while the service was down until 00:10 is still written).
-- Owned by ai-service.

CREATE TABLE job_watermark (
    job        text        PRIMARY KEY,
    done_until timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE job_watermark IS 'Per scheduled job (detection, daily-summary:<branch>): the end of the last window it completed.';
