ALTER TABLE organisations DROP COLUMN reminder_days;
DROP TABLE reminders_sent;
