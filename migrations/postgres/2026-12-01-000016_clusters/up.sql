-- Clusters: a named group of spaces that run one management system together (ISO 22301, ISO 9001,
-- GDPR…) beside the ISMS. A space may be in several clusters; removing a cluster, or a space from
-- it, never touches the spaces. A deleted space leaves its clusters with it.
CREATE TABLE clusters (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- The cluster template (seeds/clusters) it was made from; NULL for a hand-made grouping.
    template_key TEXT,
    created_by TEXT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX clusters_org_name ON clusters (org_id, name);

-- The cluster's spaces, in order.
CREATE TABLE cluster_spaces (
    cluster_id TEXT NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    position BIGINT NOT NULL,
    PRIMARY KEY (cluster_id, space_id)
);
CREATE INDEX cluster_spaces_org_space ON cluster_spaces (org_id, space_id);
