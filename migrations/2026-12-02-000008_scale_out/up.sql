-- The hourly quota and the validate guard, shared by every API process on this database.
-- Each row is a GCRA bucket: `tat` (epoch seconds) is when the bucket would be empty again
-- if nothing more were taken. Unlogged: a crash of PostgreSQL forgets spent quota, which
-- errs toward the partner, and no quota write waits on the WAL.
CREATE UNLOGGED TABLE rate_buckets (
    partner_id BIGINT NOT NULL,
    kind SMALLINT NOT NULL,
    tat DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (partner_id, kind)
);

-- Takes up to `want` tokens from a bucket of `capacity` tokens refilled evenly over
-- `window_secs`: how many were granted, how many are left, the seconds until one more is
-- available, and the seconds until the bucket is full.
CREATE FUNCTION take_rate_tokens(
    p_partner BIGINT, p_kind SMALLINT, p_want INTEGER, p_capacity INTEGER,
    p_window_secs DOUBLE PRECISION,
    OUT granted INTEGER, OUT remaining INTEGER, OUT retry_after DOUBLE PRECISION,
    OUT full_after DOUBLE PRECISION
) AS $$
DECLARE
    v_now DOUBLE PRECISION := extract(epoch FROM clock_timestamp());
    v_step DOUBLE PRECISION := p_window_secs / greatest(p_capacity, 1);
    v_tat DOUBLE PRECISION;
    v_available INTEGER;
BEGIN
    INSERT INTO rate_buckets (partner_id, kind, tat) VALUES (p_partner, p_kind, v_now)
    ON CONFLICT (partner_id, kind) DO NOTHING;
    SELECT greatest(b.tat, v_now) INTO v_tat FROM rate_buckets b
    WHERE b.partner_id = p_partner AND b.kind = p_kind FOR UPDATE;
    v_available := least(p_capacity, floor((v_now + p_window_secs - v_tat) / v_step + 1e-9))::INTEGER;
    granted := greatest(0, least(p_want, v_available));
    v_tat := v_tat + v_step * granted;
    UPDATE rate_buckets SET tat = v_tat WHERE partner_id = p_partner AND kind = p_kind;
    remaining := greatest(0, v_available - granted);
    retry_after := greatest(0, v_tat + v_step - v_now - p_window_secs);
    full_after := greatest(0, v_tat - v_now);
END;
$$ LANGUAGE plpgsql;

-- Gives back tokens a process leased and did not use (at shutdown).
CREATE FUNCTION return_rate_tokens(
    p_partner BIGINT, p_kind SMALLINT, p_tokens INTEGER, p_capacity INTEGER,
    p_window_secs DOUBLE PRECISION
) RETURNS void AS $$
    UPDATE rate_buckets
    SET tat = greatest(extract(epoch FROM clock_timestamp()),
                       tat - p_window_secs / greatest(p_capacity, 1) * p_tokens)
    WHERE partner_id = p_partner AND kind = p_kind;
$$ LANGUAGE sql;

-- A click's visitor: a keyed hash of its link, address and user agent, under the key of
-- the day it came (visitor_keys, deleted after two days, so old hashes link to nobody).
ALTER TABLE leads ADD COLUMN visitor_hash BYTEA;
CREATE INDEX leads_visitor_idx ON leads (visitor_hash, created_at) WHERE visitor_hash IS NOT NULL;

CREATE TABLE visitor_keys (
    day DATE PRIMARY KEY,
    key BYTEA NOT NULL
);

-- What a payout run may take now, summed for /referrer/stats from the index alone.
CREATE INDEX commissions_payable_idx ON commissions (partner_id, payable_at)
    INCLUDE (amount_cents) WHERE status = 'pending' AND NOT held_for_review;
