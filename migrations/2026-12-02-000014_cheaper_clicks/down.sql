DROP INDEX leads_visitor_idx;
CREATE INDEX leads_visitor_idx ON leads (visitor_hash, created_at) WHERE visitor_hash IS NOT NULL;
DROP TRIGGER leads_counts_delete ON leads;
DROP TRIGGER leads_counts_insert ON leads;
DROP FUNCTION referral_counts_follow_inserted();
CREATE TRIGGER leads_counts_insert AFTER INSERT OR DELETE ON leads
    FOR EACH ROW EXECUTE FUNCTION referral_counts_follow();
