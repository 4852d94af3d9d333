-- Collaboration on items: to-dos, discussions (threads of posts) and in-app notifications,
-- plus how many people each notifying change reached.
CREATE TABLE item_todos (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    item_id TEXT NOT NULL REFERENCES items(id),
    description TEXT NOT NULL,
    assignee_id TEXT REFERENCES users(id),
    set_by TEXT REFERENCES users(id),
    due_date DATE,
    done_at TIMESTAMP,
    done_by TEXT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    notified BIGINT NOT NULL DEFAULT 0,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX item_todos_org_item ON item_todos (org_id, item_id, id);
CREATE INDEX item_todos_org_assignee ON item_todos (org_id, assignee_id, done_at, due_date);

CREATE TABLE item_discussions (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    item_id TEXT NOT NULL REFERENCES items(id),
    title TEXT NOT NULL,
    started_by TEXT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    last_post_at TIMESTAMP NOT NULL
);
CREATE INDEX item_discussions_org_item ON item_discussions (org_id, item_id, last_post_at);

CREATE TABLE discussion_posts (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    discussion_id TEXT NOT NULL REFERENCES item_discussions(id),
    author_id TEXT REFERENCES users(id),
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP,
    notified BIGINT NOT NULL DEFAULT 0,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX discussion_posts_org_discussion ON discussion_posts (org_id, discussion_id, id);

-- Only the recipient reads a notification; the index serves "my unread, newest first".
CREATE TABLE notifications (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    item_id TEXT NOT NULL REFERENCES items(id),
    actor_id TEXT REFERENCES users(id),
    text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
CREATE INDEX notifications_org_user ON notifications (org_id, user_id, read_at, id);
CREATE INDEX notifications_org_item ON notifications (org_id, item_id);

-- How many people a change notified ("2 notified" in an item's updates); null for changes that never notify.
ALTER TABLE events ADD COLUMN notified BIGINT;
