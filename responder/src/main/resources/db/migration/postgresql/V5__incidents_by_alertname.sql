-- Planning asks, for every alert a cap may hold back, whether the bot's kill-switch incident is
-- open, and for every new alert which incidents of the same alert name may be its severity twin:
-- both by (bot, alertname). Without this index each question scans every incident the bot ever had.
CREATE INDEX incidents_bot_alertname ON incidents (bot, alertname, open);
