-- The commission history shows each commission's referral reference id, which is made of
-- its lead's id and creation date. Kept on the commission (a lead's creation never
-- changes), the history is a read of commissions alone rather than a join to leads.
ALTER TABLE commissions ADD COLUMN lead_created_at timestamptz;
UPDATE commissions SET lead_created_at = leads.created_at
FROM leads WHERE leads.id = commissions.lead_id;
ALTER TABLE commissions ALTER COLUMN lead_created_at SET NOT NULL;
