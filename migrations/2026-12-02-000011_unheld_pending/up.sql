-- What each partner could be paid once every hold has passed: its pending commissions that
-- no review holds, kept by statement triggers on commissions whatever changes them. The
-- payable sum is this less the few still inside their hold, so /referrer/stats reads recent
-- rows only, however many commissions a partner has.
CREATE TABLE partner_unheld_pending (
    partner_id BIGINT PRIMARY KEY,
    cents BIGINT NOT NULL
);

CREATE FUNCTION unheld_pending_follow() RETURNS trigger AS $$
BEGIN
    -- Rows in partner order, so that concurrent statements lock the counters in one order.
    IF TG_OP = 'INSERT' THEN
        INSERT INTO partner_unheld_pending AS u (partner_id, cents)
        SELECT partner_id, sum(amount_cents) FROM new_rows
        WHERE status = 'pending' AND NOT held_for_review GROUP BY 1 ORDER BY 1
        ON CONFLICT (partner_id) DO UPDATE SET cents = u.cents + EXCLUDED.cents;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO partner_unheld_pending AS u (partner_id, cents)
        SELECT partner_id, sum(cents) FROM (
            SELECT partner_id, amount_cents AS cents FROM new_rows
            WHERE status = 'pending' AND NOT held_for_review
            UNION ALL
            SELECT partner_id, -amount_cents FROM old_rows
            WHERE status = 'pending' AND NOT held_for_review
        ) AS changed GROUP BY 1 HAVING sum(cents) <> 0 ORDER BY 1
        ON CONFLICT (partner_id) DO UPDATE SET cents = u.cents + EXCLUDED.cents;
    ELSE
        INSERT INTO partner_unheld_pending AS u (partner_id, cents)
        SELECT partner_id, -sum(amount_cents) FROM old_rows
        WHERE status = 'pending' AND NOT held_for_review GROUP BY 1 ORDER BY 1
        ON CONFLICT (partner_id) DO UPDATE SET cents = u.cents + EXCLUDED.cents;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER commissions_unheld_insert AFTER INSERT ON commissions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION unheld_pending_follow();
CREATE TRIGGER commissions_unheld_update AFTER UPDATE ON commissions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION unheld_pending_follow();
CREATE TRIGGER commissions_unheld_delete AFTER DELETE ON commissions
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION unheld_pending_follow();

LOCK TABLE commissions IN SHARE MODE;
INSERT INTO partner_unheld_pending (partner_id, cents)
SELECT partner_id, sum(amount_cents) FROM commissions
WHERE status = 'pending' AND NOT held_for_review GROUP BY 1;
