DROP TABLE item_recurrences;
