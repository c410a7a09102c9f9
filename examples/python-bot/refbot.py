"""A reference bot for botwatch: what a Python bot needs to be watched and repaired.

- reports events and state with clients/python/botwatch_client.py (never blocks its loop);
- writes a pid file (the exporter finds the process by it: BotProcessDown, the hard playbook)
  and a log (BotLogInactive, log line counts);
- serves the control API the responder's built-in playbooks call, behind a bearer token of its
  own (the responder's bots.<bot>.control.token), on loopback.

The trading is simulated (a paper exchange), with two switches to see botwatch act:
POST /simulate/api_errors ({"ratio": 0-1}, default 1: every call fails; 0 turns it off) and
POST /simulate/losses ({"active": true|false}). Drop them in your bot.

    python3 refbot.py --config refbot.json run       # foreground
    ./restart.sh refbot.json                          # (re)start detached: the hard playbook
"""

import argparse
import hmac
import json
import logging
import logging.handlers
import os
import random
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "clients", "python"))
from botwatch_client import BotwatchClient  # noqa: E402

DEFAULTS = {
    "name": "refbot",
    "dir": "run",  # pid file and log; relative paths are relative to the config file
    "tick_seconds": 1.0,
    "liquidation_allowed": False,
    "control": {"host": "127.0.0.1", "port": 9360, "token_file": "control_token"},
    "exporter": {"url": "http://127.0.0.1:9310", "token_file": None},
}


def load_config(path):
    with open(path, encoding="utf-8") as f:
        given = json.load(f)
    unknown = set(given) - set(DEFAULTS)
    if unknown:
        raise SystemExit("%s: unknown keys %s" % (path, ", ".join(sorted(unknown))))
    cfg = {**DEFAULTS, **given}
    cfg["control"] = {**DEFAULTS["control"], **given.get("control", {})}
    cfg["exporter"] = {**DEFAULTS["exporter"], **given.get("exporter", {})}
    base = os.path.dirname(os.path.abspath(path))

    def resolve(p):
        return None if p is None else os.path.join(base, os.path.expanduser(p))

    cfg["dir"] = resolve(cfg["dir"])
    cfg["control"]["token_file"] = resolve(cfg["control"]["token_file"])
    cfg["exporter"]["token_file"] = resolve(cfg["exporter"]["token_file"])
    if not cfg["control"]["token_file"]:
        raise SystemExit("control.token_file is required: the control API stops and liquidates")
    cfg["pid_file"] = os.path.join(cfg["dir"], "bot.pid")
    cfg["log_file"] = os.path.join(cfg["dir"], "bot.log")
    return cfg


class Bot:
    """The trading loop and the state the control actions change. Thread-safe (one lock)."""

    def __init__(self, cfg, client, log, rng=None):
        self.cfg, self.bw, self.log = cfg, client, log
        self.rng = rng or random.Random(7)
        self.lock = threading.Lock()
        self.trading_state = "running"  # running | paused
        self.emergency = False
        self.pnl_daily = 0.0
        self.open_orders = 0
        self.simulate = {"api_errors": 0.0, "losses": False}  # api_errors: share of calls failing
        self.control_calls = {}
        self.stopping = threading.Event()

    def tick(self):
        with self.lock:
            errors, losing = self.simulate["api_errors"], self.simulate["losses"]
            trading = self.trading_state == "running" and not self.emergency
        self.bw.heartbeat()
        failed = 0
        for _ in range(3):
            try:
                with self.bw.api_call_timer("paper-exchange"):
                    if errors and self.rng.random() < errors:
                        raise ConnectionError("exchange connection reset")
            except ConnectionError:
                failed += 1
        if trading:
            ok = not losing and self.rng.random() > 0.02
            pnl = self.rng.uniform(0.05, 1.0) if ok else -self.rng.uniform(3.0, 8.0)
            self.bw.trade("success" if ok else "failure", duration_seconds=self.rng.uniform(0.05, 0.3))
            with self.lock:
                self.pnl_daily = round(self.pnl_daily + pnl, 2)
                self.open_orders = min(5, self.open_orders + 1)
        self.bw.state(self.snapshot())
        self.log.info("tick: %s, %d api errors, pnl today %.2f USDT",
                      "trading" if trading else "not trading", failed, self.pnl_daily)

    def snapshot(self):
        with self.lock:
            halted = self.emergency or self.trading_state != "running"
            return {"pnl": {"daily": self.pnl_daily, "total": self.pnl_daily, "currency": "USDT"},
                    "open_positions": 0 if halted else 1, "max_positions": 5,
                    "components": {"main": True},
                    "emergency_mode": self.emergency,
                    "trading_state": "stopped" if self.emergency else self.trading_state}

    def control(self, action, body):
        """One control action: (status, answer). The built-in playbooks call reset-connections
        (soft), restart-component (medium), refresh-data, and stop-trading, cancel-orders,
        liquidate, emergency-mode (emergency_stop); the console's Resume calls resume."""
        with self.lock:
            if action not in ACTIONS:
                return 404, {"status": 404, "error": "unknown control action", "field": "action"}
            self.control_calls[action] = self.control_calls.get(action, 0) + 1
            if action == "reset-connections":
                self.simulate["api_errors"] = 0.0
                done = "reconnected to the exchange"
            elif action == "restart-component":
                # Whatever the component, restarting the loop drops the strategy's losing streak.
                self.simulate["losses"] = False
                done = "restarted %s" % str(body.get("component") or "main")[:64]
            elif action == "refresh-data":
                done = "refreshed market data"
            elif action == "stop-trading":
                self.trading_state = "paused"
                done = "stopped new entries"
            elif action == "cancel-orders":
                done = "cancelled %d open orders" % self.open_orders
                self.open_orders = 0
            elif action == "liquidate":
                if not self.cfg["liquidation_allowed"]:
                    return 403, {"status": 403, "error": "liquidation is not allowed for this bot"}
                done = "closed all positions"
            elif action == "emergency-mode":
                if not isinstance(body.get("active"), bool):
                    return 422, {"status": 422, "error": "active must be true or false",
                                 "field": "active"}
                self.emergency = body["active"]
                done = "emergency mode %s" % ("on" if self.emergency else "off")
            else:  # resume: a person looked at it; the simulated faults count as fixed
                self.trading_state, self.emergency = "running", False
                self.simulate = {"api_errors": 0.0, "losses": False}
                done = "trading resumed"
        self.log.warning("control %s: %s", action, done)
        return 200, {"action": action, "done": done}


ACTIONS = ("reset-connections", "restart-component", "refresh-data", "stop-trading",
           "cancel-orders", "liquidate", "emergency-mode", "resume")


def control_server(bot, host, port, token):
    """The control API: POST /control/<action>, POST /simulate/<switch> (token), GET /status,
    GET /-/healthy (open). Every answer is JSON; bodies are capped at 64 KiB."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "refbot"

        def log_message(self, *args):  # the bot's log has what matters; keep stderr quiet
            pass

        def answer(self, status, body, head=False):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if not head:
                self.wfile.write(data)

        def do_GET(self, head=False):
            if self.path == "/-/healthy":
                return self.answer(200, {"status": "ok"}, head)
            if self.path == "/status":
                with bot.lock:
                    extra = {"control_calls": dict(bot.control_calls),
                             "simulate": dict(bot.simulate), "pid": os.getpid()}
                return self.answer(200, {**bot.snapshot(), **extra}, head)
            self.answer(404, {"status": 404, "error": "no such path", "field": "path"}, head)

        def do_HEAD(self):
            self.do_GET(head=True)

        def do_POST(self):
            given = self.headers.get("Authorization", "")
            if not hmac.compare_digest(given.encode(), ("Bearer " + token).encode()):
                return self.answer(401, {"status": 401, "error": "missing or invalid bearer token",
                                         "field": "Authorization"})
            length = int(self.headers.get("Content-Length") or 0)
            if length > 65536:
                return self.answer(413, {"status": 413, "error": "body over 64 KiB", "field": "body"})
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                return self.answer(400, {"status": 400, "error": "body is not JSON", "field": "body"})
            if not isinstance(body, dict):
                return self.answer(400, {"status": 400, "error": "body must be a JSON object",
                                         "field": "body"})
            kind, _, name = self.path.lstrip("/").partition("/")
            if kind == "control":
                return self.answer(*bot.control(name, body))
            if kind == "simulate" and name in bot.simulate:
                value = body.get("ratio", 1.0) if name == "api_errors" else body.get("active", True)
                if name == "api_errors" and (isinstance(value, bool) or not isinstance(value, (int, float))
                                             or not 0 <= value <= 1):
                    return self.answer(422, {"status": 422, "error": "ratio must be 0 to 1",
                                             "field": "ratio"})
                if name == "losses" and not isinstance(value, bool):
                    return self.answer(422, {"status": 422, "error": "active must be true or false",
                                             "field": "active"})
                with bot.lock:
                    bot.simulate[name] = float(value) if name == "api_errors" else value
                return self.answer(200, {"simulate": dict(bot.simulate)})
            self.answer(404, {"status": 404, "error": "no such path", "field": "path"})

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server


def run(cfg):
    os.makedirs(cfg["dir"], exist_ok=True)
    log = logging.getLogger("refbot")
    log.setLevel(logging.INFO)
    handler = logging.handlers.RotatingFileHandler(cfg["log_file"], maxBytes=5 << 20, backupCount=2)
    handler.setFormatter(logging.Formatter("%(asctime)s - " + cfg["name"] + " - %(levelname)s - %(message)s"))
    log.addHandler(handler)
    with open(cfg["control"]["token_file"], encoding="utf-8") as f:
        token = f.read().strip()
    exporter_token = None
    if cfg["exporter"]["token_file"]:
        with open(cfg["exporter"]["token_file"], encoding="utf-8") as f:
            exporter_token = f.read().strip()
    client = BotwatchClient(cfg["name"], url=cfg["exporter"]["url"], token=exporter_token)
    bot = Bot(cfg, client, log)
    server = control_server(bot, cfg["control"]["host"], cfg["control"]["port"], token)
    threading.Thread(target=server.serve_forever, name="control", daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: bot.stopping.set())
    # Written once the control API listens: a restart script waiting for it knows the bot is up.
    with open(cfg["pid_file"], "w") as f:
        f.write("%d\n" % os.getpid())
    log.info("%s started (pid %d), control API on http://%s:%d", cfg["name"], os.getpid(),
             cfg["control"]["host"], server.server_address[1])
    try:
        while not bot.stopping.wait(cfg["tick_seconds"]):
            try:
                bot.tick()
            except Exception:  # one bad tick must not end the bot
                log.exception("tick failed")
    finally:
        log.info("%s stopping", cfg["name"])
        server.shutdown()
        client.close()
        try:
            os.remove(cfg["pid_file"])
        except FileNotFoundError:
            pass


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--config", required=True, help="the bot's JSON settings")
    p.add_argument("command", choices=["run", "pid-file"], help="run the bot, or print its pid file")
    args = p.parse_args(argv)
    cfg = load_config(args.config)
    if args.command == "pid-file":
        print(cfg["pid_file"])
        return
    run(cfg)


if __name__ == "__main__":
    main()
