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

-- The coarse status (0 click, 1 lead, 2 application, 3 funded), stored and indexed so
-- `GET /leads?status=` pages in date order without sorting.
ALTER TABLE leads ADD COLUMN coarse SMALLINT GENERATED ALWAYS AS (
    CASE stage WHEN 'click' THEN 0 WHEN 'lead' THEN 1 WHEN 'funded' THEN 3 ELSE 2 END
) STORED;
CREATE INDEX leads_partner_coarse_created_idx ON leads (partner_id, coarse, created_at DESC, id DESC);

-- Referral counts by UTC creation day and current stage, so that /referrals/stats and the
-- listing's total never scan the referrals. Writers only append a delta row from the
-- trigger (no row to contend on); fold_referral_counts(), run every second by the server,
-- moves deltas into the daily and whole-range counters in one statement. Readers add the
-- counters and the deltas not yet folded, so every answer is exact.
CREATE TABLE referral_count_deltas (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL,
    day DATE NOT NULL,
    stage pipeline_stage NOT NULL,
    delta INTEGER NOT NULL
);
CREATE INDEX referral_count_deltas_partner_idx ON referral_count_deltas (partner_id, day);

CREATE TABLE referral_daily_counts (
    partner_id BIGINT NOT NULL,
    day DATE NOT NULL,
    stage pipeline_stage NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (partner_id, day, stage)
);

CREATE TABLE referral_total_counts (
    partner_id BIGINT NOT NULL,
    stage pipeline_stage NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (partner_id, stage)
);

CREATE FUNCTION referral_counts_follow() RETURNS trigger AS $$
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

CREATE TRIGGER leads_counts_insert AFTER INSERT OR DELETE ON leads
    FOR EACH ROW EXECUTE FUNCTION referral_counts_follow();
CREATE TRIGGER leads_counts_update AFTER UPDATE OF stage, created_at, partner_id ON leads
    FOR EACH ROW
    WHEN (OLD.stage IS DISTINCT FROM NEW.stage OR OLD.created_at IS DISTINCT FROM NEW.created_at
          OR OLD.partner_id IS DISTINCT FROM NEW.partner_id)
    EXECUTE FUNCTION referral_counts_follow();

-- Folds every pending delta; returns how many delta rows it folded.
CREATE FUNCTION fold_referral_counts() RETURNS BIGINT AS $$
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

INSERT INTO referral_count_deltas (partner_id, day, stage, delta)
SELECT partner_id, (created_at AT TIME ZONE 'UTC')::date, stage, 1 FROM leads;
SELECT fold_referral_counts();
