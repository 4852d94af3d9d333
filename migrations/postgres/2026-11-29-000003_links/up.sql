-- Linked work: an undirected edge between two items of one organisation, stored once with a_id < b_id.
CREATE TABLE links (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    a_id TEXT NOT NULL REFERENCES items(id),
    b_id TEXT NOT NULL REFERENCES items(id),
    created_by TEXT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    CHECK (a_id < b_id),
    UNIQUE (org_id, a_id, b_id)
);
CREATE INDEX links_org_b ON links (org_id, b_id);
