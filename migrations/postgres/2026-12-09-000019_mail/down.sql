DROP TABLE job_leases;
ALTER TABLE organisations DROP COLUMN digest_hour;
DROP TABLE mail_digests;
DROP TABLE notification_settings;
DROP TABLE mail_outbox;
