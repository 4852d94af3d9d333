-- Recurring work: how an item repeats (the domain's Recurrence as JSON). Completing the item
-- creates the next one and moves the rule to it.
CREATE TABLE item_recurrences (
    item_id TEXT PRIMARY KEY NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX item_recurrences_org ON item_recurrences (org_id);
