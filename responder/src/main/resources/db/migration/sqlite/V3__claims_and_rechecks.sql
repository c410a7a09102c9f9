-- manual_notified was never read: one manual-intervention notice per incident is the run key
-- (bot, fingerprint, startsAt, 'manual-intervention') of its notice run.
ALTER TABLE incidents DROP COLUMN manual_notified;

-- Who claimed a step (planned -> running): the process that runs it, so processes sharing a
-- database never both run one step.
ALTER TABLE actions ADD COLUMN owner TEXT;

-- One re-check per incident that a cooldown held back, due when the cooldown ends. In the store,
-- so a restart keeps them; one row per incident, however many repeats the cooldown held back.
CREATE TABLE rechecks (
  incident_id INTEGER PRIMARY KEY, bot TEXT NOT NULL, due_ms INTEGER NOT NULL);
CREATE INDEX rechecks_bot_due ON rechecks (bot, due_ms);

-- The watchdog's one row exists from now on, so noting a Watchdog is a plain UPDATE.
INSERT INTO watchdog (id, last_ms) SELECT 1, NULL WHERE NOT EXISTS (SELECT 1 FROM watchdog);

-- Held notices are looked up per bot and channel.
CREATE INDEX actions_held ON actions (status, bot, kind);
