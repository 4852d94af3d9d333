DROP TABLE item_values;
DROP TABLE items;
DROP TABLE space_fields;
DROP TABLE space_statuses;
DROP TABLE spaces;
