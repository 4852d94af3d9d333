ALTER TABLE events DROP COLUMN notified;
DROP TABLE notifications;
DROP TABLE discussion_posts;
DROP TABLE item_discussions;
DROP TABLE item_todos;
