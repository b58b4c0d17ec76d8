DROP TABLE partner_earnings_daily;
DROP TABLE login_failures;
DROP TABLE partner_sessions;
DROP TABLE partner_invitations;
DROP TABLE partner_users;
