DROP INDEX partners_email_unique;
