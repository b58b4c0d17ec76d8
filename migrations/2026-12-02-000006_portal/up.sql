-- People at a partner. They sign in by email, so an email names one user across all partners.
CREATE TABLE partner_users (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    email TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 255),
    -- An argon2id PHC string; the password itself is never stored.
    password_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX partner_users_email_unique ON partner_users (lower(email));
CREATE INDEX partner_users_partner_idx ON partner_users (partner_id);

-- An invitation sets a user's password once, within its validity. Only the SHA-256 of
-- its token is kept: the token itself is in the URL sent to the person.
CREATE TABLE partner_invitations (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    email TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 255),
    token_hash BYTEA NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ
);
CREATE INDEX partner_invitations_partner_idx ON partner_invitations (partner_id);

-- Signed-in browsers. Kept here, not in the cookie, so that logging out, suspension and
-- expiry end them everywhere at once. Only the SHA-256 of the cookie's token is kept.
CREATE TABLE partner_sessions (
    id BIGSERIAL PRIMARY KEY,
    token_hash BYTEA NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    user_id BIGINT NOT NULL REFERENCES partner_users (id) ON DELETE CASCADE,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX partner_sessions_partner_idx ON partner_sessions (partner_id);
CREATE INDEX partner_sessions_user_idx ON partner_sessions (user_id);

-- Failed sign-ins within the lockout window, by the SHA-256 of the lower-cased email and
-- of the client address (neither is kept in clear). Rows past the window are purged.
CREATE TABLE login_failures (
    id BIGSERIAL PRIMARY KEY,
    email_hash BYTEA NOT NULL CHECK (length(email_hash) = 32),
    client_hash BYTEA NOT NULL CHECK (length(client_hash) = 32),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email_idx ON login_failures (email_hash, created_at);
CREATE INDEX login_failures_client_idx ON login_failures (client_hash, created_at);

-- Each partner's ledger by UTC day: what it earned (net of reversals) and was paid. Kept by
-- the same statement that keeps partner_earnings, so the days always add up to the totals.
CREATE TABLE partner_earnings_daily (
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    day DATE NOT NULL,
    earned_cents BIGINT NOT NULL DEFAULT 0,
    paid_cents BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (partner_id, day)
);

-- Commissions reversed before this migration count on no day: when they were reversed
-- was not recorded.
INSERT INTO partner_earnings_daily (partner_id, day, earned_cents)
SELECT partner_id, (created_at AT TIME ZONE 'UTC')::date, sum(amount_cents)
FROM commissions WHERE status <> 'reversed' GROUP BY 1, 2;
INSERT INTO partner_earnings_daily AS d (partner_id, day, paid_cents)
SELECT partner_id, (processed_at AT TIME ZONE 'UTC')::date, sum(amount_cents)
FROM payouts WHERE status = 'completed' GROUP BY 1, 2
ON CONFLICT (partner_id, day) DO UPDATE SET paid_cents = EXCLUDED.paid_cents;
