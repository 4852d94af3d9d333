-- Readings of risks: raw likelihood and impact (and the C/I/A impacts they came from), scored by
-- whatever matrix is in force when read. `latest` marks the newest reading of each kind of each
-- risk, so the register and the risk map read one row per risk and kind.
CREATE TABLE risk_readings (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    item_id TEXT NOT NULL REFERENCES items(id),
    kind TEXT NOT NULL CHECK (kind IN ('original','current','target')),
    likelihood INTEGER NOT NULL,
    impact INTEGER NOT NULL,
    confidentiality INTEGER,
    integrity INTEGER,
    availability INTEGER,
    note TEXT NOT NULL DEFAULT '',
    latest BOOLEAN NOT NULL,
    recorded_by TEXT REFERENCES users(id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX risk_readings_item ON risk_readings (org_id, item_id, kind, recorded_at);
CREATE INDEX risk_readings_map ON risk_readings (org_id, kind, latest, likelihood, impact);
