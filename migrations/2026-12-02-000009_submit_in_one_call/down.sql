DROP FUNCTION submit_lead;
