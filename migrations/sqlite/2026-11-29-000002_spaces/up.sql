-- Spaces (projects and trackers) with their status workflow and custom-field definitions.

CREATE TABLE spaces (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL CHECK (kind IN ('project','tracker')),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    owner_id TEXT REFERENCES users(id),
    created_by TEXT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    archived_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (org_id, name)
);
CREATE INDEX spaces_org_kind ON spaces (org_id, kind, name);

CREATE TABLE space_statuses (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    space_id TEXT NOT NULL REFERENCES spaces(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    colour TEXT NOT NULL,
    resolved BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX space_statuses_space ON space_statuses (org_id, space_id, position);

CREATE TABLE space_fields (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    space_id TEXT NOT NULL REFERENCES spaces(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    required BOOLEAN NOT NULL DEFAULT FALSE,
    options_json TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX space_fields_space ON space_fields (org_id, space_id, position);
