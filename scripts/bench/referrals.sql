-- 1,000,000 referrals for partner :partner, one every 63 s back over two years:
-- 60% clicks, 20% leads, 12% across the application stages, 8% funded.
-- The counter trigger is paused for the bulk load and the counters built in one pass.
ALTER TABLE leads DISABLE TRIGGER leads_counts_insert;
INSERT INTO leads (partner_id, referral_type, stage, first_name, last_name, date_of_birth, email, phone,
                   residential_street, residential_city, residential_state, residential_zip,
                   funded_amount_cents, created_at, updated_at)
SELECT :partner,
       CASE WHEN b < 60 THEN 'traffic' ELSE 'api_lead' END::referral_type,
       CASE WHEN b < 60 THEN 'click' WHEN b < 80 THEN 'lead'
            WHEN b < 92 THEN (ARRAY['in_underwriting', 'need_info', 'not_approved', 'offer_ready',
                                    'call_scheduled', 'sign_docs', 'processing', 'in_funding'])[1 + g % 8]
            ELSE 'funded' END::pipeline_stage,
       CASE WHEN b < 60 THEN '' ELSE 'Ann' END,
       CASE WHEN b < 60 THEN '' ELSE 'Lee' END,
       CASE WHEN b < 60 THEN NULL ELSE DATE '1950-01-01' + (g % 18000) END,
       CASE WHEN b < 60 THEN NULL ELSE 'lead' || g || '@example.com' END,
       CASE WHEN b < 60 THEN NULL ELSE lpad(g::text, 10, '0') END,
       CASE WHEN b < 60 THEN NULL ELSE g || ' Oak St' END,
       CASE WHEN b < 60 THEN NULL ELSE 'Austin' END,
       CASE WHEN b < 60 THEN NULL ELSE 'TX' END,
       CASE WHEN b < 60 THEN NULL ELSE '73301' END,
       CASE WHEN b >= 92 THEN 2500000 + g % 1000 * 100 END,
       now() - g * interval '63 seconds',
       now() - g * interval '63 seconds'
FROM generate_series(1, 1000000) AS g, LATERAL (SELECT g % 100 AS b) AS bucket;
ALTER TABLE leads ENABLE TRIGGER leads_counts_insert;
INSERT INTO referral_daily_counts (partner_id, day, stage, count)
SELECT partner_id, (created_at AT TIME ZONE 'UTC')::date, stage, count(*)
FROM leads WHERE partner_id = :partner GROUP BY 1, 2, 3;
INSERT INTO referral_daily_statuses (partner_id, day, click, lead, application, funded)
SELECT partner_id, day,
       coalesce(sum(count) FILTER (WHERE coarse_status(stage) = 0), 0),
       coalesce(sum(count) FILTER (WHERE coarse_status(stage) = 1), 0),
       coalesce(sum(count) FILTER (WHERE coarse_status(stage) = 2), 0),
       coalesce(sum(count) FILTER (WHERE coarse_status(stage) = 3), 0)
FROM referral_daily_counts WHERE partner_id = :partner GROUP BY 1, 2;
INSERT INTO referral_total_counts (partner_id, stage, count)
SELECT partner_id, stage, count(*) FROM leads WHERE partner_id = :partner GROUP BY 1, 2;
-- Every table, as autovacuum would have by now: the loads before left count deltas
-- folded (deleted) by the thousand, which each fold would otherwise rescan.
VACUUM (ANALYZE);
-- Write the load back now, so its checkpoint does not land inside the measured window.
CHECKPOINT;
