-- 100,000 commissions and 1,000 payouts for partner :partner (whose referrals
-- referrals.sql made): the first 90,000 commissions paid across 1,000 completed payouts,
-- the rest pending; the earnings ledger and its daily rows built to match.
INSERT INTO payouts (partner_id, amount_cents, status, created_at, processed_at)
SELECT :partner, 0, 'completed', now() - (1000 - p) * interval '1 day', now() - (1000 - p) * interval '1 day'
FROM generate_series(1, 1000) AS p;
WITH numbered AS (
    SELECT id AS lead_id, created_at AS lead_created_at, row_number() OVER (ORDER BY id) AS n
    FROM leads WHERE partner_id = :partner ORDER BY id LIMIT 100000
), first_payout AS (
    SELECT min(id) AS id FROM payouts WHERE partner_id = :partner
)
INSERT INTO commissions (partner_id, lead_id, funding_round, level, kind, basis_points,
                         funded_amount_cents, amount_cents, status, payout_id, created_at, lead_created_at)
SELECT :partner, lead_id, 1, 1, 'earned', 500, 2500000, 125000,
       CASE WHEN n <= 90000 THEN 'paid' ELSE 'pending' END::commission_status,
       CASE WHEN n <= 90000 THEN first_payout.id + (n - 1) / 90 END,
       now() - (100000 - n) * interval '10 minutes', lead_created_at
FROM numbered, first_payout;
UPDATE payouts SET amount_cents = 90 * 125000 WHERE partner_id = :partner;
INSERT INTO partner_earnings (partner_id, pending_cents, paid_cents, commission_count)
SELECT :partner,
       COALESCE(SUM(amount_cents) FILTER (WHERE status IN ('pending', 'in_payout')), 0),
       COALESCE(SUM(amount_cents) FILTER (WHERE status = 'paid'), 0),
       count(*)
FROM commissions WHERE partner_id = :partner;
INSERT INTO partner_earnings_daily (partner_id, day, earned_cents)
SELECT :partner, (created_at AT TIME ZONE 'UTC')::date, sum(amount_cents)
FROM commissions WHERE partner_id = :partner GROUP BY 2;
INSERT INTO partner_earnings_daily AS d (partner_id, day, paid_cents)
SELECT :partner, (processed_at AT TIME ZONE 'UTC')::date, sum(amount_cents)
FROM payouts WHERE partner_id = :partner GROUP BY 2
ON CONFLICT (partner_id, day) DO UPDATE SET paid_cents = EXCLUDED.paid_cents;
VACUUM (ANALYZE) commissions;
VACUUM (ANALYZE) payouts;
-- Write the load back now, so its checkpoint does not land inside the measured window.
CHECKPOINT;
