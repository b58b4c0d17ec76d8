-- Partners' webhook endpoints.
CREATE TABLE webhook_endpoints (
    id BIGSERIAL PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES partners (id),
    url TEXT NOT NULL,
    description TEXT,
    event_types TEXT[] NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT true,
    -- Why the platform disabled it: 'gone' (answered 410) or 'failing' (5 days without success).
    disabled_reason TEXT CHECK (disabled_reason IN ('gone', 'failing')),
    secret TEXT NOT NULL,
    -- After a rotation the previous secret keeps signing until it expires.
    previous_secret TEXT,
    previous_secret_expires_at TIMESTAMPTZ,
    -- The first failed attempt since the last success; cleared by a success.
    failing_since TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_partner_idx ON webhook_endpoints (partner_id, id);

-- A test event is addressed to one endpoint; every other event to all that subscribe.
ALTER TABLE events ADD COLUMN test_endpoint_id BIGINT;

-- One row per (event, endpoint). 'pending' rows are due at next_attempt_at; a worker claims
-- one by stamping `claim` and moving next_attempt_at past its request timeout (a lease), so
-- no other worker sends it meanwhile, and a worker that dies leaves it due again.
-- 'paused' rows belong to a disabled endpoint and resume when it is enabled.
CREATE TABLE webhook_deliveries (
    id BIGSERIAL PRIMARY KEY,
    endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id BIGINT NOT NULL REFERENCES events (id),
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'paused', 'succeeded', 'failed')),
    attempt_count INT NOT NULL DEFAULT 0,
    -- Failed attempts since the delivery was created or resent: the place in the schedule.
    failures_in_row INT NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    claim BIGINT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at TIMESTAMPTZ
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
    WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id DESC);
CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id);

CREATE TABLE webhook_attempts (
    id BIGSERIAL PRIMARY KEY,
    delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at TIMESTAMPTZ NOT NULL,
    succeeded BOOLEAN NOT NULL,
    response_status INT,
    -- At most 2 KB of what the receiver answered.
    response_body TEXT,
    -- Why no acceptable answer came: a timeout, a refused connection, a refused address.
    error TEXT,
    latency_ms INT NOT NULL
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, id);

-- Fans each event out to its endpoints in the event's own transaction. Workers are woken
-- after the commit by the writer's process (see crates/persistence/src/doorbell.rs), not
-- by a NOTIFY here: notifying transactions serialise their commits.
CREATE FUNCTION fan_out_event() RETURNS trigger AS $$
BEGIN
    INSERT INTO webhook_deliveries (endpoint_id, event_id)
    SELECT id, NEW.id FROM webhook_endpoints
    WHERE partner_id = NEW.partner_id
      AND enabled
      AND CASE WHEN NEW.test_endpoint_id IS NULL THEN NEW.event_type = ANY (event_types)
               ELSE id = NEW.test_endpoint_id END;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER events_fan_out AFTER INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION fan_out_event();

-- Disabling an endpoint parks its pending deliveries; enabling it makes them due at once.
CREATE FUNCTION pause_or_resume_deliveries() RETURNS trigger AS $$
BEGIN
    IF NEW.enabled THEN
        UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now()
        WHERE endpoint_id = NEW.id AND status = 'paused';
        PERFORM pg_notify('webhook_deliveries', '');
    ELSE
        UPDATE webhook_deliveries SET status = 'paused'
        WHERE endpoint_id = NEW.id AND status = 'pending';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER webhook_endpoints_enabled AFTER UPDATE OF enabled ON webhook_endpoints
    FOR EACH ROW WHEN (OLD.enabled IS DISTINCT FROM NEW.enabled)
    EXECUTE FUNCTION pause_or_resume_deliveries();
