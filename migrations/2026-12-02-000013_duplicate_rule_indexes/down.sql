CREATE INDEX leads_partner_dob_idx ON leads (partner_id, date_of_birth) WHERE date_of_birth IS NOT NULL;
DROP INDEX leads_duplicate_email_idx;
DROP INDEX leads_duplicate_phone_idx;
DROP INDEX leads_duplicate_name_idx;
