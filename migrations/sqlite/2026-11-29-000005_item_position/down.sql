DROP INDEX items_org_space_title;
DROP INDEX items_org_space_start;
DROP INDEX items_org_space_due;
DROP INDEX items_org_space_live;
DROP INDEX items_org_space_parent_position;
ALTER TABLE items DROP COLUMN position;
