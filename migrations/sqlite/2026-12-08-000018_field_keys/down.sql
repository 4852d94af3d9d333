DROP INDEX space_fields_template_key;
ALTER TABLE space_fields DROP COLUMN template_key;
