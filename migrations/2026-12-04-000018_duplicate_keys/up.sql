-- The duplicate rule's indexes hold one 64-bit key per lead and rule (a hash of the partner,
-- the date of birth and the email, the phone, or the names and ZIP) instead of the partner,
-- the date and the text. A lead lands at a random place in each of them, so every submit
-- touches a random page of each: keyed by text they outgrew shared memory as the table grew
-- (161 and 144 MB at 2.6M leads; a page read and a full-page WAL image per submit and index),
-- keyed by hash they are a third of the size (57 MB each). The lookup checks the real columns
-- as well, so two values that share a key are never taken for one another.
CREATE FUNCTION duplicate_key(partner BIGINT, born DATE, value TEXT) RETURNS BIGINT
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN hashtextextended(value || ' ' || (born - DATE '1970-01-01')::text, partner);

CREATE INDEX leads_duplicate_email_key ON leads (duplicate_key(partner_id, date_of_birth, lower(email)))
    WHERE date_of_birth IS NOT NULL;
CREATE INDEX leads_duplicate_phone_key ON leads (duplicate_key(partner_id, date_of_birth, phone))
    WHERE date_of_birth IS NOT NULL;
CREATE INDEX leads_duplicate_name_key ON leads (duplicate_key(partner_id, date_of_birth,
    lower(first_name) || ' ' || lower(last_name) || ' ' || residential_zip))
    WHERE date_of_birth IS NOT NULL;
-- ANALYZE keeps no statistics of a partial index's expressions; without these the planner
-- takes each key for 0.5% of the table and joins the lookup to a scan of the 30-day window.
CREATE STATISTICS leads_duplicate_keys ON
    (duplicate_key(partner_id, date_of_birth, lower(email))),
    (duplicate_key(partner_id, date_of_birth, phone)),
    (duplicate_key(partner_id, date_of_birth, lower(first_name) || ' ' || lower(last_name) || ' ' || residential_zip))
    FROM leads;

CREATE OR REPLACE FUNCTION earlier_duplicate(
    partner BIGINT, is_test BOOLEAN, born DATE, since TIMESTAMPTZ,
    first_lower TEXT, last_lower TEXT, zip TEXT, mail_lower TEXT, phone_number TEXT
) RETURNS BIGINT LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT l.id FROM leads l
            WHERE l.partner_id = partner AND l.test = is_test AND l.date_of_birth = born
              AND l.created_at > since
              AND ((duplicate_key(l.partner_id, l.date_of_birth,
                        lower(l.first_name) || ' ' || lower(l.last_name) || ' ' || l.residential_zip)
                      = duplicate_key(partner, born, first_lower || ' ' || last_lower || ' ' || zip)
                    AND lower(l.first_name) = first_lower AND lower(l.last_name) = last_lower
                    AND l.residential_zip = zip)
                   OR (duplicate_key(l.partner_id, l.date_of_birth, lower(l.email))
                         = duplicate_key(partner, born, mail_lower)
                       AND lower(l.email) = mail_lower)
                   OR (duplicate_key(l.partner_id, l.date_of_birth, l.phone)
                         = duplicate_key(partner, born, phone_number)
                       AND l.phone = phone_number))
            ORDER BY l.id LIMIT 1);
END
$$;

DROP INDEX leads_duplicate_email_idx;
DROP INDEX leads_duplicate_phone_idx;
DROP INDEX leads_duplicate_name_idx;
ANALYZE leads;
