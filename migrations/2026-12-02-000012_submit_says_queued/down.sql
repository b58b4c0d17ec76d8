DROP FUNCTION submit_lead(BIGINT, BIGINT, referral_type, BOOLEAN, TEXT[], TEXT, TEXT, DATE, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, BOOLEAN, TIMESTAMPTZ, TEXT, TEXT, TEXT, TEXT, TEXT, TIMESTAMPTZ, INTEGER, TIMESTAMPTZ, TEXT, TEXT, TEXT, TEXT, JSON);
CREATE FUNCTION submit_lead(
    new_id BIGINT, partner BIGINT, kind referral_type, is_test BOOLEAN, lead_flags TEXT[],
    first TEXT, last TEXT, born DATE, mail TEXT, phone_number TEXT, company TEXT,
    street TEXT, city TEXT, state TEXT, zip TEXT, lead_notes TEXT, funding TEXT,
    source TEXT, medium TEXT, campaign TEXT, term TEXT, content TEXT,
    consent BOOLEAN, consented_at TIMESTAMPTZ, address TEXT, page TEXT, consent_words TEXT,
    agent TEXT, certificate TEXT,
    at TIMESTAMPTZ, lock_key INTEGER, duplicate_since TIMESTAMPTZ,
    first_lower TEXT, last_lower TEXT, mail_lower TEXT,
    actor_label TEXT, event_payload JSON
) RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    earlier BIGINT;
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key, born - DATE '1970-01-01');
    earlier := earlier_duplicate(partner, is_test, born, duplicate_since, first_lower,
        last_lower, zip, mail_lower, phone_number);
    IF earlier IS NOT NULL THEN
        RETURN earlier;
    END IF;
    INSERT INTO leads (id, partner_id, referral_type, stage, test, flags, first_name, last_name,
        date_of_birth, email, phone, company_name, residential_street, residential_city,
        residential_state, residential_zip, notes, funding_type, utm_source, utm_medium,
        utm_campaign, utm_term, utm_content, tcpa_consent, consent_timestamp, ip_address,
        source_url, consent_text, user_agent, trustedform_cert_url, created_at, updated_at)
    VALUES (new_id, partner, kind, 'lead', is_test, lead_flags, first, last, born, mail,
        phone_number, company, street, city, state, zip, lead_notes, funding, source, medium,
        campaign, term, content, consent, consented_at, address, page, consent_words, agent,
        certificate, at, at);
    INSERT INTO lead_status_history (lead_id, from_stage, to_stage, actor, note, forced, created_at)
    VALUES (new_id, NULL, 'lead', actor_label, NULL, false, at);
    INSERT INTO events (partner_id, event_type, payload)
    VALUES (partner, 'lead.status_changed', event_payload);
    RETURN NULL;
END
$$;
