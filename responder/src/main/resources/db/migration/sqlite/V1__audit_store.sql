-- The audit store as the first release wrote it. IF NOT EXISTS: a store from before the schema
-- had versions already has these tables (Flyway takes it as version 0) and keeps its rows.
CREATE TABLE IF NOT EXISTS notifications (
  id INTEGER PRIMARY KEY, received_ms INTEGER NOT NULL, group_key TEXT NOT NULL,
  status TEXT NOT NULL, receiver TEXT NOT NULL, alerts INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS incidents (
  id INTEGER PRIMARY KEY, bot TEXT NOT NULL, fingerprint TEXT NOT NULL,
  starts_at TEXT NOT NULL, alertname TEXT NOT NULL, playbook TEXT NOT NULL, level TEXT,
  level_ms INTEGER, open INTEGER NOT NULL DEFAULT 1, manual_notified INTEGER NOT NULL DEFAULT 0,
  labels TEXT NOT NULL, annotations TEXT NOT NULL, opened_ms INTEGER NOT NULL,
  closed_ms INTEGER, UNIQUE (bot, fingerprint, starts_at));

CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY, incident_id INTEGER NOT NULL, bot TEXT NOT NULL,
  fingerprint TEXT NOT NULL, starts_at TEXT NOT NULL, step TEXT NOT NULL,
  kind TEXT NOT NULL, counted INTEGER NOT NULL, created_ms INTEGER NOT NULL,
  UNIQUE (bot, fingerprint, starts_at, step));

CREATE TABLE IF NOT EXISTS actions (
  id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, incident_id INTEGER NOT NULL,
  bot TEXT NOT NULL, playbook TEXT NOT NULL, seq INTEGER NOT NULL, step TEXT NOT NULL,
  kind TEXT NOT NULL, status TEXT NOT NULL, detail TEXT, planned_ms INTEGER NOT NULL,
  started_ms INTEGER, ended_ms INTEGER);

CREATE INDEX IF NOT EXISTS actions_bot ON actions (bot, id);
CREATE INDEX IF NOT EXISTS actions_status ON actions (status);
CREATE INDEX IF NOT EXISTS runs_bot ON runs (bot, created_ms);

CREATE TABLE IF NOT EXISTS emergency (
  bot TEXT PRIMARY KEY, active INTEGER NOT NULL, since_ms INTEGER, reason TEXT,
  liquidated INTEGER NOT NULL DEFAULT 0, updated_ms INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS watchdog (id INTEGER PRIMARY KEY CHECK (id = 1), last_ms INTEGER);

CREATE TABLE IF NOT EXISTS notice_sends (
  id INTEGER PRIMARY KEY, bot TEXT NOT NULL, channel TEXT NOT NULL, sent_ms INTEGER NOT NULL,
  notices INTEGER NOT NULL);

CREATE INDEX IF NOT EXISTS notice_sends_at ON notice_sends (sent_ms);
