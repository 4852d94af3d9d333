-- Data upgrades the server carries out once at start-up, after the migrations, because they need
-- the application's own rules (templates, the framework catalogue) rather than SQL. The server
-- deletes a key once its upgrade is done.
CREATE TABLE pending_upgrades (
    key TEXT PRIMARY KEY NOT NULL
);
-- Organisations made before the risk register (and, before that, the SoA) get them.
INSERT INTO pending_upgrades (key) VALUES ('starting-sets');
