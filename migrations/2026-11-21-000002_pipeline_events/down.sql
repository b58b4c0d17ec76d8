DROP TRIGGER leads_counts_update ON leads;
DROP TRIGGER leads_counts_insert ON leads;
DROP FUNCTION referral_counts_follow();
DROP FUNCTION referral_counts_add(BIGINT, TIMESTAMPTZ, pipeline_stage, SMALLINT, INTEGER);
DROP TABLE referral_daily_counts;
DROP TABLE events;
DROP TABLE lead_status_history;
