DROP TABLE soa_entries;
DROP INDEX spaces_org_template;
ALTER TABLE spaces DROP COLUMN template_key;
