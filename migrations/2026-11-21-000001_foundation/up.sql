CREATE TYPE partner_status AS ENUM ('pending', 'active', 'suspended', 'inactive');
CREATE TYPE lead_handling AS ENUM ('full_management', 'funding_only');
CREATE TYPE referral_type AS ENUM ('api_lead', 'manual_lead', 'traffic');
CREATE TYPE pipeline_stage AS ENUM (
    'click', 'lead', 'in_underwriting', 'need_info', 'not_approved', 'offer_ready',
    'call_scheduled', 'sign_docs', 'processing', 'in_funding', 'funded'
);
CREATE TYPE quote_status AS ENUM ('pending', 'sent', 'received', 'declined', 'not_approved');
CREATE TYPE quote_group_status AS ENUM ('waiting', 'ready', 'sent');

CREATE TABLE partners (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 255),
    status partner_status NOT NULL DEFAULT 'active',
    parent_partner_id BIGINT REFERENCES partners (id),
    lead_handling lead_handling,
    rate_limit_per_hour INTEGER NOT NULL DEFAULT 1000 CHECK (rate_limit_per_hour > 0),
    commission_plan_bps INTEGER[] NOT NULL DEFAULT '{500,200,100}'
        CHECK (cardinality(commission_plan_bps) <= 3),
    referral_code TEXT NOT NULL UNIQUE,
    landing_url TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (parent_partner_id IS DISTINCT FROM id)
);
CREATE INDEX partners_parent_idx ON partners (parent_partner_id);

-- Only the SHA-256 of a key is stored; the key itself is shown once.
CREATE TABLE api_keys (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    key_hash BYTEA NOT NULL UNIQUE CHECK (length(key_hash) = 32),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at TIMESTAMPTZ
);
CREATE INDEX api_keys_partner_idx ON api_keys (partner_id);

CREATE TABLE funding_types (
    name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX funding_types_lower_name_idx ON funding_types (lower(name));
INSERT INTO funding_types (name) VALUES
    ('Term Loan'), ('Line of Credit'), ('SBA Loan'), ('Equipment Financing'),
    ('Invoice Factoring'), ('Merchant Cash Advance');

-- Every lead is a referral; traffic referrals (tracking-link clicks) have no PII yet.
CREATE TABLE leads (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    referral_type referral_type NOT NULL,
    stage pipeline_stage NOT NULL,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    date_of_birth DATE,
    email TEXT,
    phone TEXT,
    company_name TEXT,
    residential_street TEXT,
    residential_city TEXT,
    residential_state TEXT,
    residential_zip TEXT,
    notes TEXT,
    funding_type TEXT,
    utm_source TEXT,
    utm_medium TEXT,
    utm_campaign TEXT,
    utm_term TEXT,
    utm_content TEXT,
    tcpa_consent BOOLEAN,
    consent_timestamp TIMESTAMPTZ,
    ip_address TEXT,
    source_url TEXT,
    consent_text TEXT,
    user_agent TEXT,
    trustedform_cert_url TEXT,
    funded_amount_cents BIGINT CHECK (funded_amount_cents > 0),
    quote_group_status quote_group_status,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX leads_partner_created_idx ON leads (partner_id, created_at DESC, id DESC);
CREATE INDEX leads_partner_stage_created_idx ON leads (partner_id, stage, created_at DESC, id DESC);
-- Duplicate detection narrows by partner and date of birth, then compares contact details.
CREATE INDEX leads_partner_dob_idx ON leads (partner_id, date_of_birth) WHERE date_of_birth IS NOT NULL;

CREATE TABLE lead_quotes (
    id BIGSERIAL PRIMARY KEY,
    lead_id BIGINT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    quote_type TEXT NOT NULL CHECK (length(quote_type) BETWEEN 1 AND 100),
    amount_cents BIGINT CHECK (amount_cents >= 0),
    status quote_status NOT NULL,
    UNIQUE (lead_id, position)
);

-- A submit retried with the same Idempotency-Key replays the stored response.
CREATE TABLE idempotency_keys (
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    idempotency_key TEXT NOT NULL,
    request_hash BYTEA NOT NULL,
    response_status SMALLINT,
    response_body JSONB,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, idempotency_key)
);

-- API processes cache partners and funding types; these notifications evict stale entries.
CREATE FUNCTION notify_partner_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('partnerhub_cache', 'partner:' || COALESCE(NEW.partner_id, OLD.partner_id));
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION notify_partner_row_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('partnerhub_cache', 'partner:' || COALESCE(NEW.id, OLD.id));
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION notify_funding_types_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('partnerhub_cache', 'funding_types');
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER partners_cache AFTER UPDATE OR DELETE ON partners
    FOR EACH ROW EXECUTE FUNCTION notify_partner_row_changed();
CREATE TRIGGER api_keys_cache AFTER INSERT OR UPDATE OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION notify_partner_changed();
CREATE TRIGGER funding_types_cache AFTER INSERT OR UPDATE OR DELETE ON funding_types
    FOR EACH STATEMENT EXECUTE FUNCTION notify_funding_types_changed();
