DROP FUNCTION submit_lead;
DROP FUNCTION earlier_duplicate;
