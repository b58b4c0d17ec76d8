-- The duplicate rule's indexes hold a 32-bit hash of the email, the phone, or the names and
-- ZIP after the partner and the date of birth, instead of the text. A lead lands at a random
-- place in each of them, so every submit touches a random page of each: keyed by text they
-- outgrew shared memory as the table grew (161 and 144 MB at 2.6M leads; a page read from
-- the OS and a full-page WAL image per submit and index). The lookup compares the real
-- columns as well, so two values that share a hash are never taken for one another. The
-- partner and the date of birth stay equality columns, so a plan made while the table was
-- empty still finds candidates by them rather than scanning the 30-day window (before the
-- first ANALYZE the email probe borrowed the names index this way; after it, each probe
-- uses its own).
CREATE INDEX leads_duplicate_email_hash ON leads (partner_id, date_of_birth, hashtext(lower(email)))
    WHERE date_of_birth IS NOT NULL;
CREATE INDEX leads_duplicate_phone_hash ON leads (partner_id, date_of_birth, hashtext(phone))
    WHERE date_of_birth IS NOT NULL;
CREATE INDEX leads_duplicate_name_hash ON leads (partner_id, date_of_birth,
    hashtext(lower(first_name) || ' ' || lower(last_name) || ' ' || residential_zip))
    WHERE date_of_birth IS NOT NULL;

-- One probe per rule, each on all three columns of its own index. As one query with OR, the
-- planner chose to read every lead of the partner with the same birthday through one index
-- and filter them (it did at 100,000 leads), and how many those are grows with the table.
CREATE OR REPLACE FUNCTION earlier_duplicate(
    partner BIGINT, is_test BOOLEAN, born DATE, since TIMESTAMPTZ,
    first_lower TEXT, last_lower TEXT, zip TEXT, mail_lower TEXT, phone_number TEXT
) RETURNS BIGINT LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT min(id) FROM (
        SELECT l.id FROM leads l
        WHERE l.partner_id = partner AND l.date_of_birth = born
          AND hashtext(lower(l.email)) = hashtext(mail_lower) AND lower(l.email) = mail_lower
          AND l.test = is_test AND l.created_at > since
        UNION ALL
        SELECT l.id FROM leads l
        WHERE l.partner_id = partner AND l.date_of_birth = born
          AND hashtext(l.phone) = hashtext(phone_number) AND l.phone = phone_number
          AND l.test = is_test AND l.created_at > since
        UNION ALL
        SELECT l.id FROM leads l
        WHERE l.partner_id = partner AND l.date_of_birth = born
          AND hashtext(lower(l.first_name) || ' ' || lower(l.last_name) || ' ' || l.residential_zip)
              = hashtext(first_lower || ' ' || last_lower || ' ' || zip)
          AND lower(l.first_name) = first_lower AND lower(l.last_name) = last_lower
          AND l.residential_zip = zip
          AND l.test = is_test AND l.created_at > since
    ) AS candidates);
END
$$;

DROP INDEX leads_duplicate_email_idx;
DROP INDEX leads_duplicate_phone_idx;
DROP INDEX leads_duplicate_name_idx;
