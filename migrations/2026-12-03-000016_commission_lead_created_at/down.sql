ALTER TABLE commissions DROP COLUMN lead_created_at;
