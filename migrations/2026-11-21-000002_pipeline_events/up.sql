-- Every pipeline move of a lead, forced or not.
CREATE TABLE lead_status_history (
    id BIGSERIAL PRIMARY KEY,
    lead_id BIGINT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    from_stage pipeline_stage,
    to_stage pipeline_stage NOT NULL,
    actor TEXT NOT NULL,
    note TEXT,
    forced BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX lead_status_history_lead_idx ON lead_status_history (lead_id, id);

-- The outbox: each row is written in the transaction of the change it reports.
CREATE TABLE events (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    event_type TEXT NOT NULL CHECK (event_type IN (
        'lead.status_changed', 'commission.earned', 'payout.processed', 'account.status_changed')),
    -- The delivered envelope: {"event", "timestamp", "data"}.
    payload JSON NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX events_partner_idx ON events (partner_id, id);

-- Referral counts by UTC creation day and current stage, kept by triggers so that
-- /referrals/stats reads a few thousand rows instead of every referral. `slot` spreads
-- one partner's concurrent inserts over several rows so they do not queue on one lock.
CREATE TABLE referral_daily_counts (
    partner_id BIGINT NOT NULL,
    day DATE NOT NULL,
    stage pipeline_stage NOT NULL,
    slot SMALLINT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (partner_id, day, stage, slot)
);

CREATE FUNCTION referral_counts_add(p_partner BIGINT, p_at TIMESTAMPTZ, p_stage pipeline_stage,
                                    p_slot SMALLINT, p_delta INTEGER) RETURNS void AS $$
    INSERT INTO referral_daily_counts AS c (partner_id, day, stage, slot, count)
    VALUES (p_partner, (p_at AT TIME ZONE 'UTC')::date, p_stage, p_slot, p_delta)
    ON CONFLICT (partner_id, day, stage, slot) DO UPDATE SET count = c.count + EXCLUDED.count;
$$ LANGUAGE sql;

CREATE FUNCTION referral_counts_follow() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM referral_counts_add(OLD.partner_id, OLD.created_at, OLD.stage, (OLD.id % 8)::smallint, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM referral_counts_add(NEW.partner_id, NEW.created_at, NEW.stage, (NEW.id % 8)::smallint, 1);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER leads_counts_insert AFTER INSERT OR DELETE ON leads
    FOR EACH ROW EXECUTE FUNCTION referral_counts_follow();
CREATE TRIGGER leads_counts_update AFTER UPDATE OF stage, created_at, partner_id ON leads
    FOR EACH ROW
    WHEN (OLD.stage IS DISTINCT FROM NEW.stage OR OLD.created_at IS DISTINCT FROM NEW.created_at
          OR OLD.partner_id IS DISTINCT FROM NEW.partner_id)
    EXECUTE FUNCTION referral_counts_follow();

INSERT INTO referral_daily_counts (partner_id, day, stage, slot, count)
SELECT partner_id, (created_at AT TIME ZONE 'UTC')::date, stage, (id % 8)::smallint, count(*)
FROM leads GROUP BY 1, 2, 3, 4;
