DROP TABLE item_documents;
DROP TABLE item_notes;
