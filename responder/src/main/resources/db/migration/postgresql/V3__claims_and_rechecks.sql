-- As db/migration/sqlite/V3: manual_notified was never read; who claimed a step; one cooldown
-- re-check per incident; the watchdog's one row; held notices looked up per bot and channel.
ALTER TABLE incidents DROP COLUMN manual_notified;

ALTER TABLE actions ADD COLUMN owner TEXT;

CREATE TABLE rechecks (
  incident_id BIGINT PRIMARY KEY, bot TEXT NOT NULL, due_ms BIGINT NOT NULL);
CREATE INDEX rechecks_bot_due ON rechecks (bot, due_ms);

INSERT INTO watchdog (id, last_ms) SELECT 1, NULL WHERE NOT EXISTS (SELECT 1 FROM watchdog);

CREATE INDEX actions_held ON actions (status, bot, kind);
