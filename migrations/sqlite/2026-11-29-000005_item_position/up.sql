-- The place of a project node among its siblings, so a tree can be reordered and sorted; existing
-- items keep their order by number.
ALTER TABLE items ADD COLUMN position BIGINT NOT NULL DEFAULT 0;
UPDATE items SET position = number;
CREATE INDEX items_org_space_parent_position ON items (org_id, space_id, parent_id, position);

-- Item lists: the count of a filtered list reads this index alone, and the common sorts walk an
-- index in order (empty dates last, as lists show them) instead of sorting the whole space.
CREATE INDEX items_org_space_live ON items (org_id, space_id, archived_at, status_id, assignee_id);
CREATE INDEX items_org_space_due ON items (org_id, space_id, (due_date IS NULL), due_date, number);
CREATE INDEX items_org_space_start ON items (org_id, space_id, (start_date IS NULL), start_date, number);
CREATE INDEX items_org_space_title ON items (org_id, space_id, lower(title), number);
