DROP INDEX items_org_space_parent_position;
ALTER TABLE items DROP COLUMN position;
