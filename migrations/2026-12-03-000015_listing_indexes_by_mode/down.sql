DROP INDEX leads_partner_created_idx;
DROP INDEX leads_partner_stage_created_idx;
DROP INDEX leads_partner_coarse_created_idx;
CREATE INDEX leads_partner_created_idx ON leads (partner_id, created_at DESC, id DESC);
CREATE INDEX leads_partner_stage_created_idx ON leads (partner_id, stage, created_at DESC, id DESC);
CREATE INDEX leads_partner_coarse_created_idx ON leads (partner_id, coarse, created_at DESC, id DESC);
CREATE INDEX leads_partner_test_idx ON leads (partner_id, created_at DESC, id DESC) WHERE test;
