-- A batch of clicks is one INSERT of thousands of leads. The row trigger ran PL/pgSQL and
-- wrote a delta row for each of them, most of the database's work per click; now each
-- INSERT writes one delta row per partner, day and stage it added to.
DROP TRIGGER leads_counts_insert ON leads;

CREATE FUNCTION referral_counts_follow_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO referral_count_deltas (partner_id, day, stage, delta)
    SELECT partner_id, (created_at AT TIME ZONE 'UTC')::date, stage, count(*)::integer
    FROM inserted
    WHERE NOT test
    GROUP BY 1, 2, 3;
    RETURN NULL;
END
$$;

CREATE TRIGGER leads_counts_insert AFTER INSERT ON leads
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION referral_counts_follow_inserted();
CREATE TRIGGER leads_counts_delete AFTER DELETE ON leads
    FOR EACH ROW EXECUTE FUNCTION referral_counts_follow();

-- Each batch the writer asks whether any of its visitors was stored within the hour (by any
-- process): thousands of random 32-byte keys, which a hash index finds in a third of the
-- time the btree on (visitor_hash, created_at) took; the hour is checked on the rows found.
DROP INDEX leads_visitor_idx;
CREATE INDEX leads_visitor_idx ON leads USING hash (visitor_hash) WHERE visitor_hash IS NOT NULL;
