DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TRIGGER events_fan_out ON events;
DROP FUNCTION fan_out_event();
ALTER TABLE events DROP COLUMN test_endpoint_id;
DROP TABLE webhook_endpoints;
DROP FUNCTION pause_or_resume_deliveries();
