-- As db/migration/sqlite/V4: replicas sharing this database. One row per bot that planning
-- locks (SELECT … FOR UPDATE), so two replicas never decide for one bot at once; one lease per
-- replica, renewed while it lives; the replica that runs each run.
CREATE TABLE bot_locks (bot TEXT PRIMARY KEY);

CREATE TABLE leases (owner TEXT PRIMARY KEY, expires_ms BIGINT NOT NULL);

ALTER TABLE runs ADD COLUMN owner TEXT;
