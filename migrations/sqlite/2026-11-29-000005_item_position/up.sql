-- The place of a project node among its siblings, so a tree can be reordered and sorted; existing
-- items keep their order by number.
ALTER TABLE items ADD COLUMN position BIGINT NOT NULL DEFAULT 0;
UPDATE items SET position = number;
CREATE INDEX items_org_space_parent_position ON items (org_id, space_id, parent_id, position);
