-- Replicas sharing one database (PostgreSQL; on SQLite the tables stay empty but the schema is
-- the same): one row per bot that planning locks, so two replicas never decide for one bot at
-- once; one lease per replica, renewed while it lives; the replica that runs each run.
CREATE TABLE bot_locks (bot TEXT PRIMARY KEY);

CREATE TABLE leases (owner TEXT PRIMARY KEY, expires_ms INTEGER NOT NULL);

ALTER TABLE runs ADD COLUMN owner TEXT;
