-- How many people the author of a note chose to tell of it ("2 notified" under the note); notes
-- written before anyone could be told told nobody.
ALTER TABLE item_notes ADD COLUMN notified BIGINT NOT NULL DEFAULT 0;
