#!/usr/bin/env python3
"""Feeds a running exporter with N bots (events + state) so /metrics has ~300 series per bot,
and writes the request bodies the wrk scripts send. Standard library only.

usage: feed.py PORT BOTS OUTDIR
"""
import json
import sys
import urllib.request

port, bots, outdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
base = f"http://127.0.0.1:{port}"


def send(method, path, ctype, body):
    req = urllib.request.Request(base + path, data=body.encode(), method=method,
                                 headers={"Content-Type": ctype})
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.status == 202, r.status


def events_for(bot):
    ev = []
    for a in range(8):
        for o in ("success", "error", "timeout", "rate_limited"):
            ev.append({"type": "api_call", "bot": bot, "api": f"api{a}", "outcome": o, "duration_seconds": 0.1 * (a + 1)})
    for c in range(10):
        ev.append({"type": "error", "bot": bot, "component": f"c{c}", "severity": "low"})
        ev.append({"type": "heartbeat", "bot": bot, "component": f"c{c}"})
    for s in range(4):
        ev.append({"type": "websocket", "bot": bot, "stream": f"s{s}", "event": "reconnect", "latency_seconds": 0.05})
    ev += [{"type": "trade", "bot": bot, "outcome": "success", "duration_seconds": 0.7},
           {"type": "scan", "bot": bot, "duration_seconds": 12, "tokens_discovered": 100, "tokens_approved": 20},
           {"type": "nonce", "bot": bot, "outcome": "success"},
           {"type": "balance_check", "bot": bot, "duration_seconds": 0.3}]
    return ev


def state_for(bot):
    return {"version": "1.0", "exchange": "binance", "strategy": "momentum", "profile": "production",
            "pnl": {"daily": -1.5, "total": 20, "currency": "USDT"},
            "balance": {f"C{i}": 100.0 * i for i in range(5)},
            "open_positions": 2, "max_positions": 5,
            "kill_switches": {f"k{i}": {"active": False, "blocked_until": 0} for i in range(3)},
            "symbols_on_probation": 0, "strategy_overlaps": 0,
            "components": {f"c{c}": True for c in range(10)},
            "data_updated": {f"d{i}": 1767225000.0 for i in range(5)},
            "emergency_mode": False, "trading_state": "running", "nonce_generation_rate": 5000,
            "rate_limit_usage": {f"api{a}": 0.4 for a in range(8)},
            "websockets": {f"s{s}": {"connected": True, "latency_seconds": 0.05} for s in range(4)}}


for i in range(bots):
    bot = f"bot{i}"
    send("POST", "/api/v1/events", "application/json", json.dumps(events_for(bot)))
    send("PUT", f"/api/v1/bots/{bot}/state", "application/json", json.dumps(state_for(bot)))

# Bodies for the ingest runs: a 1,000-event batch (existing series, as in steady state) and one event.
batch = [e for e in events_for("bot0") for _ in range(12)][:1000]
with open(f"{outdir}/batch.json", "w") as f:
    json.dump(batch, f)
with open(f"{outdir}/single.json", "w") as f:
    json.dump({"type": "trade", "bot": "bot0", "outcome": "success", "duration_seconds": 0.5}, f)
print(len(batch))
