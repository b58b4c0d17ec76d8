DROP INDEX leads_created_idx;
DROP INDEX leads_partner_created_idx;
DROP INDEX leads_partner_stage_created_idx;
DROP INDEX leads_partner_coarse_created_idx;
CREATE INDEX leads_created_idx ON leads (created_at DESC, id DESC);
CREATE INDEX leads_partner_created_idx ON leads (partner_id, test, created_at DESC, id DESC);
CREATE INDEX leads_partner_stage_created_idx
    ON leads (partner_id, test, stage, created_at DESC, id DESC);
CREATE INDEX leads_partner_coarse_created_idx
    ON leads (partner_id, test, coarse, created_at DESC, id DESC);
