CREATE TYPE commission_kind AS ENUM ('earned', 'adjustment');
-- pending: owed, in no payout; in_payout: gathered into a pending payout; paid; reversed:
-- cancelled before it was paid (never counted).
CREATE TYPE commission_status AS ENUM ('pending', 'in_payout', 'paid', 'reversed');
CREATE TYPE payout_status AS ENUM ('pending', 'completed', 'failed');

-- Each move to funded is one funding round of the lead; commissions are per round and level.
ALTER TABLE leads ADD COLUMN funding_round INTEGER NOT NULL DEFAULT 0;

CREATE TABLE payouts (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    amount_cents BIGINT NOT NULL,
    status payout_status NOT NULL DEFAULT 'pending',
    failure_reason TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    processed_at TIMESTAMPTZ
);
CREATE INDEX payouts_partner_idx ON payouts (partner_id, id DESC);

CREATE TABLE commissions (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    lead_id BIGINT NOT NULL REFERENCES leads (id),
    funding_round INTEGER NOT NULL,
    level SMALLINT NOT NULL CHECK (level BETWEEN 1 AND 3),
    kind commission_kind NOT NULL,
    basis_points INTEGER NOT NULL,
    funded_amount_cents BIGINT NOT NULL,
    amount_cents BIGINT NOT NULL,
    status commission_status NOT NULL DEFAULT 'pending',
    payout_id BIGINT REFERENCES payouts (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((kind = 'earned') = (amount_cents >= 0)),
    CHECK ((status = 'in_payout' OR status = 'paid') = (payout_id IS NOT NULL))
);
-- Exactly once: one earned commission per lead, funding round and level, whatever is
-- retried or raced; and one adjustment offsetting it.
CREATE UNIQUE INDEX commissions_once ON commissions (lead_id, funding_round, level, kind);
CREATE INDEX commissions_partner_idx ON commissions (partner_id, id DESC);
CREATE INDEX commissions_pending_idx ON commissions (partner_id) WHERE status = 'pending';
CREATE INDEX commissions_payout_idx ON commissions (payout_id) WHERE payout_id IS NOT NULL;

-- What each partner is owed and was paid, kept in the transactions that change them, so
-- /referrer/stats reads one row.
CREATE TABLE partner_earnings (
    partner_id BIGINT PRIMARY KEY REFERENCES partners (id),
    pending_cents BIGINT NOT NULL DEFAULT 0,
    paid_cents BIGINT NOT NULL DEFAULT 0,
    commission_count BIGINT NOT NULL DEFAULT 0
);
