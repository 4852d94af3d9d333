-- Mail: the outbox every mail is written to in the transaction of the change that causes it,
-- how each person wants to hear of each kind of notification, and the daily digests sent.

-- One mail. Its body is the queued MailBody (JSON, links as web UI paths); the sender makes the
-- parts at sending time. `claimed_until` is a sender's lease on the row, so two nodes never send
-- it at once; `state` is 'queued', 'sent' or 'failed'.
CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
-- The sender's look-up of what is due.
CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_at);
-- Settings -> E-mail: an organisation's mails, newest first.
CREATE INDEX mail_outbox_org ON mail_outbox (org_id, id);

-- A person's choice for one kind of notification: 'immediately', 'digest' or 'off'. No row: the
-- kind's default.
CREATE TABLE notification_settings (
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    delivery TEXT NOT NULL,
    PRIMARY KEY (org_id, user_id, kind)
);

-- The digest of one person for one day: the key makes it once a day whichever node gets there
-- first; `covered_until` is where the next one starts.
CREATE TABLE mail_digests (
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day DATE NOT NULL,
    covered_until TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, user_id, day)
);

-- The hour of the day (UTC) at which the organisation's digests go out.
ALTER TABLE organisations ADD COLUMN digest_hour INTEGER NOT NULL DEFAULT 7;

-- The scheduler's jobs (sending mail, digests, KPI readings): a node runs a job only while it
-- holds the job's lease, so on several nodes one at a time does it.
CREATE TABLE job_leases (
    name TEXT PRIMARY KEY NOT NULL,
    holder TEXT NOT NULL,
    held_until TIMESTAMP NOT NULL
);
