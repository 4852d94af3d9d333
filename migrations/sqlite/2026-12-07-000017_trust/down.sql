DROP TABLE login_attempts;
DROP INDEX memberships_invitation;
ALTER TABLE memberships DROP COLUMN invited_name;
ALTER TABLE memberships DROP COLUMN invitation_hash;
ALTER TABLE memberships DROP COLUMN pending;
