-- Reminders from dates: each is produced once per occasion (an item's due date coming, or past),
-- whichever node or restart gets there first; the key says it was.
CREATE TABLE reminders_sent (
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    due_on DATE NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (item_id, kind, due_on)
);
CREATE INDEX reminders_sent_org ON reminders_sent (org_id);

-- How many days before an item's due date its assignee is reminded.
ALTER TABLE organisations ADD COLUMN reminder_days INTEGER NOT NULL DEFAULT 3;
