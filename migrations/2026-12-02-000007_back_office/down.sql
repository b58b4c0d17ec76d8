DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
ALTER TABLE partners DROP COLUMN phone;
ALTER TABLE partners DROP COLUMN commission_hold_days;
DROP INDEX commissions_lead_idx;
ALTER TABLE commissions DROP COLUMN reason;
ALTER TABLE commissions DROP COLUMN held_for_review;
ALTER TABLE commissions DROP COLUMN payable_at;
DELETE FROM commissions WHERE status = 'skipped';
-- An enum value cannot be dropped: the type is made again without it, and what uses it
-- (the default, a partial index, a check) is rebuilt around the change.
DROP INDEX commissions_pending_idx;
ALTER TABLE commissions DROP CONSTRAINT commissions_check1;
ALTER TYPE commission_status RENAME TO commission_status_with_skipped;
CREATE TYPE commission_status AS ENUM ('pending', 'in_payout', 'paid', 'reversed');
ALTER TABLE commissions ALTER COLUMN status DROP DEFAULT;
ALTER TABLE commissions ALTER COLUMN status TYPE commission_status USING status::text::commission_status;
ALTER TABLE commissions ALTER COLUMN status SET DEFAULT 'pending';
DROP TYPE commission_status_with_skipped;
ALTER TABLE commissions ADD CONSTRAINT commissions_check1
    CHECK ((status = 'in_payout' OR status = 'paid') = (payout_id IS NOT NULL));
CREATE INDEX commissions_pending_idx ON commissions (partner_id) WHERE status = 'pending';
DROP TRIGGER partner_users_cache ON partner_users;
ALTER TABLE leads DROP COLUMN flags;
CREATE OR REPLACE FUNCTION referral_counts_follow() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO referral_count_deltas (partner_id, day, stage, delta)
        VALUES (OLD.partner_id, (OLD.created_at AT TIME ZONE 'UTC')::date, OLD.stage, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO referral_count_deltas (partner_id, day, stage, delta)
        VALUES (NEW.partner_id, (NEW.created_at AT TIME ZONE 'UTC')::date, NEW.stage, 1);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
DROP INDEX leads_created_idx;
DROP INDEX leads_partner_test_idx;
DELETE FROM leads WHERE test;
ALTER TABLE leads DROP COLUMN test;
ALTER TABLE api_keys DROP COLUMN mode;
DROP TYPE key_mode;
DROP TABLE partner_applications;
DROP TYPE application_status;
