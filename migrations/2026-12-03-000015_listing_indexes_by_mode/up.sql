-- Every listing of a partner's leads is of its live leads or of its test leads, so the mode
-- leads each listing index: a deep page then skips index entries alone, where the indexes
-- without it read each entry's row to learn whether it is a test lead (page 100 of one
-- status read 10,000 rows). The partial index of test leads is the new listing index's
-- test half, so it goes, and with it one index every click and lead pays to insert.
DROP INDEX leads_partner_created_idx;
DROP INDEX leads_partner_stage_created_idx;
DROP INDEX leads_partner_coarse_created_idx;
DROP INDEX leads_partner_test_idx;
CREATE INDEX leads_partner_created_idx ON leads (partner_id, test, created_at DESC, id DESC);
CREATE INDEX leads_partner_stage_created_idx
    ON leads (partner_id, test, stage, created_at DESC, id DESC);
CREATE INDEX leads_partner_coarse_created_idx
    ON leads (partner_id, test, coarse, created_at DESC, id DESC);
