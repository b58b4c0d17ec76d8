-- 1,000,000 leads for the submitting partner :partner, spread over the last 60 days (half
-- inside the 30-day duplicate window) and over the dates of birth scripts/bench/submit.lua
-- sends, so each submit's duplicate lookup has about 25 of this partner's leads to look
-- through. None duplicates a benchmark lead: their emails and phones differ.
INSERT INTO leads (partner_id, referral_type, stage, first_name, last_name, date_of_birth, email, phone,
                   residential_street, residential_city, residential_state, residential_zip,
                   funding_type, created_at, updated_at)
SELECT :partner, 'api_lead', 'lead', 'Kim', 'Park',
       make_date(1940 + g % 60, 1 + (g / 60) % 12, 1 + (g / 720) % 28),
       'stored' || g || '@example.com', lpad(g::text, 10, '0'), g || ' Elm St', 'Austin', 'TX',
       '73301', 'Term Loan', now() - g * interval '5.184 seconds', now() - g * interval '5.184 seconds'
FROM generate_series(1, 1000000) AS g;
SELECT fold_referral_counts();
VACUUM (ANALYZE) leads;
VACUUM (ANALYZE) referral_daily_counts;
CHECKPOINT;
