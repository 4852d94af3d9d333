-- What people attach to an item: notes (markdown) and documents (links to where the document lives).
CREATE TABLE item_notes (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    item_id TEXT NOT NULL REFERENCES items(id),
    author_id TEXT REFERENCES users(id),
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX item_notes_org_item ON item_notes (org_id, item_id, id);

CREATE TABLE item_documents (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    item_id TEXT NOT NULL REFERENCES items(id),
    title TEXT NOT NULL,
    url TEXT NOT NULL,
    added_by TEXT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX item_documents_org_item ON item_documents (org_id, item_id, id);
