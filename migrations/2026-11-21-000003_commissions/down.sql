DROP TABLE partner_earnings;
DROP TABLE commissions;
DROP TABLE payouts;
ALTER TABLE leads DROP COLUMN funding_round;
DROP TYPE payout_status;
DROP TYPE commission_status;
DROP TYPE commission_kind;
