DROP TRIGGER commissions_unheld_insert ON commissions;
DROP TRIGGER commissions_unheld_update ON commissions;
DROP TRIGGER commissions_unheld_delete ON commissions;
DROP FUNCTION unheld_pending_follow;
DROP TABLE partner_unheld_pending;
