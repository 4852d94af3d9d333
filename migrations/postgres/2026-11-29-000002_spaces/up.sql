-- Spaces (projects and trackers) with their status workflow and custom-field definitions, and the
-- items they hold with their custom-field values.

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
    -- The number the next item of the space gets; bumped under the row lock so numbers never repeat.
    next_number BIGINT NOT NULL DEFAULT 1,
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

CREATE TABLE items (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    space_id TEXT NOT NULL REFERENCES spaces(id),
    number BIGINT NOT NULL,
    parent_id TEXT REFERENCES items(id),
    kind TEXT NOT NULL CHECK (kind IN ('phase','deliverable','activity','item')),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    status_id TEXT REFERENCES space_statuses(id),
    assignee_id TEXT REFERENCES users(id),
    start_date DATE,
    due_date DATE,
    days_estimated DOUBLE PRECISION,
    days_taken DOUBLE PRECISION,
    progress DOUBLE PRECISION NOT NULL DEFAULT 0,
    created_by TEXT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    archived_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (space_id, number)
);
CREATE INDEX items_org_space_number ON items (org_id, space_id, number);
CREATE INDEX items_org_assignee ON items (org_id, assignee_id, due_date);
CREATE INDEX items_org_parent ON items (org_id, parent_id);

-- One row per item and custom field; the value as JSON plus typed copies to filter and sort by in SQL.
CREATE TABLE item_values (
    org_id TEXT NOT NULL REFERENCES organisations(id),
    item_id TEXT NOT NULL REFERENCES items(id),
    field_id TEXT NOT NULL REFERENCES space_fields(id),
    value_json TEXT NOT NULL,
    sort_text TEXT,
    sort_number DOUBLE PRECISION,
    PRIMARY KEY (item_id, field_id)
);
CREATE INDEX item_values_org_field_text ON item_values (org_id, field_id, sort_text);
CREATE INDEX item_values_org_field_number ON item_values (org_id, field_id, sort_number);
