CREATE OR REPLACE FUNCTION fold_referral_counts() RETURNS BIGINT AS $$
    WITH moved AS (
        DELETE FROM referral_count_deltas RETURNING partner_id, day, stage, delta
    ), daily AS (
        INSERT INTO referral_daily_counts AS c (partner_id, day, stage, count)
        SELECT partner_id, day, stage, sum(delta) FROM moved GROUP BY 1, 2, 3
        ON CONFLICT (partner_id, day, stage) DO UPDATE SET count = c.count + EXCLUDED.count
    ), total AS (
        INSERT INTO referral_total_counts AS t (partner_id, stage, count)
        SELECT partner_id, stage, sum(delta) FROM moved GROUP BY 1, 2
        ON CONFLICT (partner_id, stage) DO UPDATE SET count = t.count + EXCLUDED.count
    )
    SELECT count(*) FROM moved;
$$ LANGUAGE sql;
DROP TABLE referral_daily_statuses;
DROP FUNCTION coarse_status;
