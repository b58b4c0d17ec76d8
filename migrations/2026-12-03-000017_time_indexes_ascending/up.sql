-- The time-ordered indexes of leads ascend, and the listings (newest first) scan them
-- backward. Descending, each new lead went to the left edge of its range, where a full page
-- splits in half and the older half is never filled again: the indexes grew twice as large
-- as their rows needed, and every submit paid for it in pages to write and cache. Ascending,
-- a new entry lands after the last one and a full page splits leaving it full.
DROP INDEX leads_created_idx;
DROP INDEX leads_partner_created_idx;
DROP INDEX leads_partner_stage_created_idx;
DROP INDEX leads_partner_coarse_created_idx;
CREATE INDEX leads_created_idx ON leads (created_at, id);
CREATE INDEX leads_partner_created_idx ON leads (partner_id, test, created_at, id);
CREATE INDEX leads_partner_stage_created_idx ON leads (partner_id, test, stage, created_at, id);
CREATE INDEX leads_partner_coarse_created_idx ON leads (partner_id, test, coarse, created_at, id);
