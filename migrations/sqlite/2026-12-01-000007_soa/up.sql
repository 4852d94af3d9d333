-- The template a space was made from ("policies-procedures", "iso27001-2022" …), so the SoA can tell
-- policies, risks and corrective actions apart among a control's links. Spaces of the ISMS set made
-- before this column existed are recognised by the name their template gave them.
ALTER TABLE spaces ADD COLUMN template_key TEXT;
UPDATE spaces SET template_key = 'isms-corrective-actions' WHERE name = 'ISMS Corrective Actions & Improvements';
UPDATE spaces SET template_key = 'security-incidents' WHERE name = 'Security Incident Management';
UPDATE spaces SET template_key = 'information-assets' WHERE name = 'Information Asset Inventory';
UPDATE spaces SET template_key = 'policies-procedures' WHERE name = 'Policies & Procedures';
UPDATE spaces SET template_key = 'requests-for-change' WHERE name = 'Requests for Change';
UPDATE spaces SET template_key = 'business-impact-assessment' WHERE name = 'Business Impact Assessment';
UPDATE spaces SET template_key = 'isms-board' WHERE name = 'ISMS Board';
CREATE INDEX spaces_org_template ON spaces (org_id, template_key);

-- The Statement of Applicability: one row per Annex A control item of an organisation's ISO 27001
-- project. Owner and progress are the item's own assignee and progress.
CREATE TABLE soa_entries (
    item_id TEXT PRIMARY KEY NOT NULL REFERENCES items(id),
    org_id TEXT NOT NULL REFERENCES organisations(id),
    space_id TEXT NOT NULL REFERENCES spaces(id),
    framework_id TEXT NOT NULL,
    reference TEXT NOT NULL,
    theme TEXT NOT NULL,
    -- The control's place in the framework, so the SoA lists in the standard's order.
    position INTEGER NOT NULL,
    applicable BOOLEAN NOT NULL DEFAULT TRUE,
    -- Keys of the reasons for inclusion, comma-separated in a fixed order.
    reasons TEXT NOT NULL DEFAULT '',
    justification TEXT NOT NULL DEFAULT '',
    implementation_status TEXT NOT NULL DEFAULT 'not_started'
        CHECK (implementation_status IN ('not_started','partial','implemented','not_applicable')),
    last_reviewed DATE,
    implementation_text TEXT NOT NULL DEFAULT '',
    UNIQUE (space_id, reference)
);
CREATE INDEX soa_entries_org_space ON soa_entries (org_id, space_id, position);
CREATE INDEX soa_entries_org_framework ON soa_entries (org_id, framework_id);
