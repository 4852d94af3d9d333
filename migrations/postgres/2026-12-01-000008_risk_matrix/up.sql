-- The organisation's risk matrix (scales, scoring, bands, appetite) as JSON checked by the domain;
-- no row means the default 5 × 5. Readings keep raw likelihood and impact, so a new matrix
-- re-bands them without touching what was recorded.
CREATE TABLE risk_matrices (
    org_id TEXT PRIMARY KEY NOT NULL REFERENCES organisations(id),
    matrix_json TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_by TEXT REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL
);
