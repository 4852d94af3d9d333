-- Adding a person who already has an account elsewhere is an invitation they accept: until then
-- the membership is pending and gives no access. invited_name is the name the inviting
-- organisation typed, shown to it instead of the person's own until they accept; invitation_hash
-- is the hash of the one-time code handed to the inviter.
ALTER TABLE memberships ADD COLUMN pending BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE memberships ADD COLUMN invitation_hash TEXT;
ALTER TABLE memberships ADD COLUMN invited_name TEXT;
CREATE UNIQUE INDEX memberships_invitation ON memberships (invitation_hash);

-- Failed sign-ins per key (an address and account pair, or an address), in fixed windows: kept
-- in the database so every node counts the same attempts, and incremented atomically so
-- concurrent guesses cannot slip past the limit.
CREATE TABLE login_attempts (
    key TEXT PRIMARY KEY NOT NULL,
    window_start TIMESTAMP NOT NULL,
    failures INTEGER NOT NULL
);
CREATE INDEX login_attempts_window ON login_attempts (window_start);
