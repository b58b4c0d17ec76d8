-- Applications: people asking to become partners, decided by an operator.
CREATE TYPE application_status AS ENUM ('pending', 'approved', 'rejected');
CREATE TABLE partner_applications (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 255),
    company_name TEXT CHECK (length(company_name) <= 200),
    website TEXT CHECK (length(website) <= 2048),
    message TEXT CHECK (length(message) <= 2000),
    status application_status NOT NULL DEFAULT 'pending',
    reason TEXT CHECK (length(reason) <= 1000),
    -- The partner an approval made.
    partner_id BIGINT REFERENCES partners (id),
    -- SHA-256 of the applicant's address, for the per-address limit; never the address.
    client_hash BYTEA NOT NULL CHECK (length(client_hash) = 32),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    decided_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX partner_applications_pending_email
    ON partner_applications (lower(email)) WHERE status = 'pending';
CREATE INDEX partner_applications_status_idx ON partner_applications (status, id DESC);
CREATE INDEX partner_applications_client_idx ON partner_applications (client_hash, created_at);

-- Sandbox keys: a partner may hold a test key beside its live key. Leads a test key submits
-- are test leads: listed only to test calls, never counted, never earning.
CREATE TYPE key_mode AS ENUM ('live', 'test');
ALTER TABLE api_keys ADD COLUMN mode key_mode NOT NULL DEFAULT 'live';
ALTER TABLE leads ADD COLUMN test BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX leads_partner_test_idx ON leads (partner_id, created_at DESC, id DESC) WHERE test;
-- The back office lists leads across partners, newest first.
CREATE INDEX leads_created_idx ON leads (created_at DESC, id DESC);

-- Test leads count for nothing: the counters skip them.
CREATE OR REPLACE FUNCTION referral_counts_follow() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND NOT OLD.test THEN
        INSERT INTO referral_count_deltas (partner_id, day, stage, delta)
        VALUES (OLD.partner_id, (OLD.created_at AT TIME ZONE 'UTC')::date, OLD.stage, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NOT NEW.test THEN
        INSERT INTO referral_count_deltas (partner_id, day, stage, delta)
        VALUES (NEW.partner_id, (NEW.created_at AT TIME ZONE 'UTC')::date, NEW.stage, 1);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- Self-referrals and other reasons to review a lead: its flags, shown to operators.
ALTER TABLE leads ADD COLUMN flags TEXT[] NOT NULL DEFAULT '{}';
-- The self-referral rule reads a partner's people's emails from the API's cache.
CREATE TRIGGER partner_users_cache AFTER INSERT OR UPDATE OR DELETE ON partner_users
    FOR EACH ROW EXECUTE FUNCTION notify_partner_changed();

-- Money rules. A commission for a partner that is not active when the lead is funded is
-- kept as 'skipped' with its reason, and counts for nothing. A commission is payable once
-- its hold has passed (payable_at) and no review holds it.
ALTER TYPE commission_status ADD VALUE 'skipped';
ALTER TABLE commissions ADD COLUMN payable_at TIMESTAMPTZ NOT NULL DEFAULT now();
UPDATE commissions SET payable_at = created_at;
ALTER TABLE commissions ADD COLUMN held_for_review BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE commissions ADD COLUMN reason TEXT;
CREATE INDEX commissions_lead_idx ON commissions (lead_id);
ALTER TABLE partners ADD COLUMN commission_hold_days INTEGER
    CHECK (commission_hold_days BETWEEN 0 AND 3650);
ALTER TABLE partners ADD COLUMN phone TEXT CHECK (phone ~ '^[0-9]{10}$');

-- Who changed what: every change made through the operator API, the CLI, a person's
-- session or an API key, written in the change's own transaction. Never a secret.
CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    -- 'operator', 'cli', a person's email, or the first 12 characters of an API key.
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    -- The partner the change concerns, so that it can read its own entries.
    partner_id BIGINT REFERENCES partners (id),
    -- {"field": {"before": ..., "after": ...}} for each field changed.
    changes JSONB NOT NULL DEFAULT '{}',
    request_id TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id, id DESC);
CREATE INDEX audit_log_partner_idx ON audit_log (partner_id, id DESC);
CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
