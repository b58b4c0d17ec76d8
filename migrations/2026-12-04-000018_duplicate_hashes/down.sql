CREATE INDEX leads_duplicate_email_idx ON leads (partner_id, date_of_birth, lower(email))
    WHERE date_of_birth IS NOT NULL;
CREATE INDEX leads_duplicate_phone_idx ON leads (partner_id, date_of_birth, phone)
    WHERE date_of_birth IS NOT NULL;
CREATE INDEX leads_duplicate_name_idx
    ON leads (partner_id, date_of_birth, lower(first_name), lower(last_name), residential_zip)
    WHERE date_of_birth IS NOT NULL;
CREATE OR REPLACE FUNCTION earlier_duplicate(
    partner BIGINT, is_test BOOLEAN, born DATE, since TIMESTAMPTZ,
    first_lower TEXT, last_lower TEXT, zip TEXT, mail_lower TEXT, phone_number TEXT
) RETURNS BIGINT LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT l.id FROM leads l
            WHERE l.partner_id = partner AND l.test = is_test AND l.date_of_birth = born
              AND l.created_at > since
              AND ((lower(l.first_name) = first_lower AND lower(l.last_name) = last_lower
                    AND l.residential_zip = zip)
                   OR lower(l.email) = mail_lower OR l.phone = phone_number)
            ORDER BY l.id LIMIT 1);
END
$$;
DROP INDEX leads_duplicate_email_hash;
DROP INDEX leads_duplicate_phone_hash;
DROP INDEX leads_duplicate_name_hash;
