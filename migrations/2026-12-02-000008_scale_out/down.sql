DROP INDEX commissions_payable_idx;
DROP TABLE visitor_keys;
DROP INDEX leads_visitor_idx;
ALTER TABLE leads DROP COLUMN visitor_hash;
DROP FUNCTION return_rate_tokens(BIGINT, SMALLINT, INTEGER, INTEGER, DOUBLE PRECISION);
DROP FUNCTION take_rate_tokens(BIGINT, SMALLINT, INTEGER, INTEGER, DOUBLE PRECISION);
DROP TABLE rate_buckets;
