-- One partner per email address, whatever its case: the operator API and the CLI both
-- refuse a second (409 EMAIL_IN_USE), and the index settles two creations that race.
CREATE UNIQUE INDEX partners_email_unique ON partners (lower(email));
