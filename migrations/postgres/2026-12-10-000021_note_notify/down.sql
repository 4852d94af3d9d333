ALTER TABLE item_notes DROP COLUMN notified;
