-- Policy packs: a pack is an item of the organisation's Policy Packs tracker (name, description,
-- notes, discussions…); this row holds its state, latest published version, the documents and
-- audience being prepared (JSON, replaced whole at `row_version`).
CREATE TABLE policy_packs (
    item_id TEXT PRIMARY KEY NOT NULL REFERENCES items(id),
    org_id TEXT NOT NULL REFERENCES organisations(id),
    state TEXT NOT NULL CHECK (state IN ('draft','published','retired')),
    version INTEGER NOT NULL,
    documents_json TEXT NOT NULL,
    audience_json TEXT NOT NULL,
    row_version BIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX policy_packs_org ON policy_packs (org_id, state);

-- Each published version with the documents it asked to be read.
CREATE TABLE policy_pack_versions (
    pack_id TEXT NOT NULL REFERENCES items(id),
    org_id TEXT NOT NULL REFERENCES organisations(id),
    version INTEGER NOT NULL,
    documents_json TEXT NOT NULL,
    published_by TEXT REFERENCES users(id),
    published_at TIMESTAMP NOT NULL,
    PRIMARY KEY (pack_id, version)
);

-- A person read a document of a version.
CREATE TABLE policy_pack_reads (
    pack_id TEXT NOT NULL REFERENCES items(id),
    org_id TEXT NOT NULL REFERENCES organisations(id),
    version INTEGER NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    document_id TEXT NOT NULL,
    read_at TIMESTAMP NOT NULL,
    PRIMARY KEY (pack_id, version, user_id, document_id)
);

-- A person accepted a version.
CREATE TABLE policy_pack_acceptances (
    pack_id TEXT NOT NULL REFERENCES items(id),
    org_id TEXT NOT NULL REFERENCES organisations(id),
    version INTEGER NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    accepted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (pack_id, version, user_id)
);
CREATE INDEX policy_pack_acceptances_org ON policy_pack_acceptances (org_id, pack_id, version);

-- Organisations made earlier get the Policy Packs tracker at the next start.
INSERT OR IGNORE INTO pending_upgrades (key) VALUES ('starting-sets');
