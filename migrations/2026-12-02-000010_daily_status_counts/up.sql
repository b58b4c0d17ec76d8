-- Referral counts by UTC creation day and current coarse status, one row per day: the time
-- series reads one row a day (730 for two years by day) instead of one a day and stage.
-- fold_referral_counts() keeps it with the other counters, from the same deltas.
CREATE FUNCTION coarse_status(stage pipeline_stage) RETURNS SMALLINT AS $$
    SELECT CASE stage WHEN 'click' THEN 0 WHEN 'lead' THEN 1 WHEN 'funded' THEN 3 ELSE 2 END::smallint
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

CREATE TABLE referral_daily_statuses (
    partner_id BIGINT NOT NULL,
    day DATE NOT NULL,
    click INTEGER NOT NULL,
    lead INTEGER NOT NULL,
    application INTEGER NOT NULL,
    funded INTEGER NOT NULL,
    PRIMARY KEY (partner_id, day)
);

-- Deltas not folded yet stay pending for the new fold; none may be folded by the old one
-- between this backfill and the new function.
LOCK TABLE referral_count_deltas IN EXCLUSIVE MODE;
INSERT INTO referral_daily_statuses (partner_id, day, click, lead, application, funded)
SELECT partner_id, day,
       coalesce(sum(count) FILTER (WHERE coarse_status(stage) = 0), 0),
       coalesce(sum(count) FILTER (WHERE coarse_status(stage) = 1), 0),
       coalesce(sum(count) FILTER (WHERE coarse_status(stage) = 2), 0),
       coalesce(sum(count) FILTER (WHERE coarse_status(stage) = 3), 0)
FROM referral_daily_counts GROUP BY 1, 2;

CREATE OR REPLACE FUNCTION fold_referral_counts() RETURNS BIGINT AS $$
    WITH moved AS (
        DELETE FROM referral_count_deltas RETURNING partner_id, day, stage, delta
    ), daily AS (
        INSERT INTO referral_daily_counts AS c (partner_id, day, stage, count)
        SELECT partner_id, day, stage, sum(delta) FROM moved GROUP BY 1, 2, 3
        ON CONFLICT (partner_id, day, stage) DO UPDATE SET count = c.count + EXCLUDED.count
    ), statuses AS (
        INSERT INTO referral_daily_statuses AS s (partner_id, day, click, lead, application, funded)
        SELECT partner_id, day,
               coalesce(sum(delta) FILTER (WHERE coarse_status(stage) = 0), 0),
               coalesce(sum(delta) FILTER (WHERE coarse_status(stage) = 1), 0),
               coalesce(sum(delta) FILTER (WHERE coarse_status(stage) = 2), 0),
               coalesce(sum(delta) FILTER (WHERE coarse_status(stage) = 3), 0)
        FROM moved GROUP BY 1, 2
        ON CONFLICT (partner_id, day) DO UPDATE SET
            click = s.click + EXCLUDED.click, lead = s.lead + EXCLUDED.lead,
            application = s.application + EXCLUDED.application, funded = s.funded + EXCLUDED.funded
    ), total AS (
        INSERT INTO referral_total_counts AS t (partner_id, stage, count)
        SELECT partner_id, stage, sum(delta) FROM moved GROUP BY 1, 2
        ON CONFLICT (partner_id, stage) DO UPDATE SET count = t.count + EXCLUDED.count
    )
    SELECT count(*) FROM moved;
$$ LANGUAGE sql;

