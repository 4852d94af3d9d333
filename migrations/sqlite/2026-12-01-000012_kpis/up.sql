-- Key performance indicators (ISO/IEC 27001 clause 9.1). A KPI is an item of the organisation's
-- KPI tracker; its definition (unit, how it rates, how often it is measured, and whether Annex
-- computes it) sits beside the item, and its readings hold one raw value per period, rated by
-- whatever definition is in force when read. Both go with the item when it is deleted.
CREATE TABLE kpi_definitions (
    item_id TEXT PRIMARY KEY NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    unit TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('red_green','rag','rag_exceptional','measure_only')),
    direction TEXT NOT NULL CHECK (direction IN ('higher_is_better','lower_is_better')),
    green REAL,
    amber REAL,
    exceptional REAL,
    frequency TEXT NOT NULL CHECK (frequency IN ('weekly','monthly','quarterly','yearly')),
    -- NULL: entered by hand; else the computed source's key (checked by the application, so a
    -- new source needs no table change).
    source TEXT,
    defined_at TIMESTAMP NOT NULL,
    updated_by TEXT REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX kpi_definitions_org_source ON kpi_definitions (org_id, source);

-- One reading per KPI and period; `period` is the first day of the week, month, quarter or year.
CREATE TABLE kpi_readings (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    period DATE NOT NULL,
    value REAL NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_by TEXT REFERENCES users(id),
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (item_id, period)
);
CREATE INDEX kpi_readings_org_item ON kpi_readings (org_id, item_id, period);

-- Organisations made before KPIs get the KPI tracker at the next start.
INSERT OR IGNORE INTO pending_upgrades (key) VALUES ('starting-sets');
