"""Report a trading bot's events and state to the botwatch exporter, without ever holding it up.

One file, Python 3.8+ standard library only: copy it next to your bot or put clients/python on
PYTHONPATH.

    import os
    from botwatch_client import BotwatchClient

    bw = BotwatchClient("mybot", url="http://127.0.0.1:9310",
                        token=os.environ.get("BOTWATCH_EXPORTER_TOKEN"))
    bw.heartbeat()
    bw.trade("success", duration_seconds=0.42)
    with bw.api_call_timer("binance"):          # success, or error if the block raises
        exchange.fetch_balance()
    bw.state(pnl={"daily": -3.2, "total": 120.0, "currency": "USDT"}, trading_state="running")

Every call only validates and queues: a background thread sends the queue in batches (one
POST /api/v1/events per batch, at most every `flush_interval` seconds, sooner when a batch is
full) and the latest state (PUT /api/v1/bots/<bot>/state). Nothing the exporter does can block or
raise into the caller:

- exporter down, slow, 5xx, 429 or refusing the token: the batch goes back to the queue and the
  thread backs off exponentially (with jitter, up to `max_backoff` seconds);
- the queue is bounded (`max_queue` events): past it the oldest event is dropped and counted;
- an event the exporter refuses (422 names it, `events[3].api`) is dropped and counted and the rest
  of the batch is sent again; a body it cannot read at all (400) is dropped whole;
- an invalid event (unknown outcome, negative duration, NaN, a value JSON cannot carry) is dropped
  and counted at the call, so it never spoils a batch.

`stats()` tells what happened (sent, dropped, rejected, invalid, failures, last_error); problems
are also logged (logger "botwatch_client", once per kind until it recovers). At interpreter exit
the queue is flushed for up to `exit_timeout` seconds.
"""

import atexit
import collections
import contextlib
import json
import logging
import math
import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["BotwatchClient", "backoff_delay"]
__version__ = "1.0.0"

log = logging.getLogger("botwatch_client")

_BOT = re.compile(r"[A-Za-z0-9_.-]{1,64}\Z")
_REFUSED_EVENT = re.compile(r"events\[(\d+)\]")
_ENUMS = {
    ("trade", "outcome"): ("success", "failure"),
    ("api_call", "outcome"): ("success", "error", "timeout", "rate_limited"),
    ("nonce", "outcome"): ("success", "failure"),
    ("error", "severity"): ("low", "medium", "high", "critical"),
    ("websocket", "event"): ("connected", "disconnected", "reconnect"),
}
# type -> (required durations, optional durations, required labels, optional labels, counts)
_FIELDS = {
    "trade": ((), ("duration_seconds",), (), (), ()),
    "scan": (("duration_seconds",), (), (), (), ("tokens_discovered", "tokens_approved")),
    "api_call": (("duration_seconds",), (), ("api",), (), ()),
    "error": ((), (), ("component",), (), ()),
    "websocket": ((), ("latency_seconds",), ("stream",), (), ()),
    "nonce": ((), (), (), (), ()),
    "balance_check": (("duration_seconds",), (), (), (), ()),
    "heartbeat": ((), (), (), ("component",), ()),
}


def backoff_delay(failures, base=0.5, cap=30.0, rand=random.random):
    """Seconds to wait after `failures` failed sends in a row: base * 2^(failures-1), capped,
    with up to 20% jitter so that many bots restarted together do not retry in step."""
    if failures <= 0:
        return 0.0
    delay = min(cap, base * (2 ** min(failures - 1, 32)))
    return delay * (0.8 + 0.2 * rand())


def _problem(event):
    """What is wrong with an event, or None. Mirrors the exporter's checks (docs/bot-contract.md)
    so one bad event never makes it refuse a whole batch."""
    kind = event.get("type")
    if kind not in _FIELDS:
        return "type must be one of " + ", ".join(sorted(_FIELDS))
    durations, optional, labels, optional_labels, counts = _FIELDS[kind]
    for (k, field), allowed in _ENUMS.items():
        if k == kind and event.get(field) not in allowed:
            return "%s.%s must be one of %s" % (kind, field, ", ".join(allowed))
    for field in durations + optional + ("ts",):
        value = event.get(field)
        if value is None and (field in optional or field == "ts"):
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value) or value < 0:
            return "%s.%s must be a finite number >= 0" % (kind, field)
    for field in counts:
        value = event.get(field)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            return "%s.%s must be a whole number >= 0" % (kind, field)
    for field in labels + optional_labels:
        value = event.get(field)
        if value is None and field in optional_labels:
            continue
        if not isinstance(value, str) or not value.strip() or len(value) > 128:
            return "%s.%s must be a non-blank string of at most 128 characters" % (kind, field)
    try:
        json.dumps(event, allow_nan=False)
    except (TypeError, ValueError):
        return "%s has a value JSON cannot carry" % kind
    return None


class BotwatchClient:
    """Queues a bot's events and state and sends them from a background thread. Thread-safe."""

    def __init__(self, bot, url="http://127.0.0.1:9310", token=None, *, token_file=None,
                 flush_interval=1.0, batch_size=500, max_queue=10000, timeout=2.0,
                 max_backoff=30.0, exit_timeout=2.0, start=True):
        if not isinstance(bot, str) or not _BOT.match(bot):
            raise ValueError("bot must match [A-Za-z0-9_.-]{1,64}")
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.username \
                or parts.password or parts.query or parts.fragment:
            raise ValueError("url must be http(s)://host[:port][/path], without credentials")
        if token_file is not None:
            with open(token_file, encoding="utf-8") as f:
                token = f.read().strip()
        if token is not None and (not token or any(c in token for c in "\r\n")):
            raise ValueError("token must be a non-empty single line")
        if flush_interval <= 0 or batch_size < 1 or max_queue < 1 or timeout <= 0:
            raise ValueError("flush_interval, batch_size, max_queue and timeout must be > 0")
        self.bot = bot
        self._base = url.rstrip("/")
        self._token = token
        self._flush_interval = flush_interval
        self._batch_size = batch_size
        self._max_queue = max_queue
        self._timeout = timeout
        self._max_backoff = max_backoff
        self._exit_timeout = exit_timeout
        # The exporter is usually on this host: a proxy from the environment would only get in the way.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self._lock = threading.Condition()
        self._queue = collections.deque()
        self._state = None
        self._inflight = 0  # events taken off the queue by a send that has not ended
        self._failures = 0
        self._closing = False
        self._logged = set()
        self._stats = dict(queued=0, sent=0, dropped=0, rejected=0, invalid=0, failures=0,
                           states_sent=0, states_rejected=0, last_error=None)
        self._thread = threading.Thread(target=self._run, name="botwatch-client", daemon=True)
        if start:
            self._thread.start()
            atexit.register(self.close)

    # ---- what a bot calls: each returns at once and never raises ----

    def event(self, kind, **fields):
        """Queues one event of the bot contract (`kind` is its type: trade, scan, api_call, error,
        websocket, nonce, balance_check, heartbeat); False if it was invalid (dropped, counted)."""
        try:
            event = dict(fields, type=kind, bot=self.bot)
            problem = _problem(event)
        except Exception:  # a caller's odd object must not reach the trading loop
            problem = "unusable event"
        with self._lock:
            if problem:
                self._stats["invalid"] += 1
                self._note("invalid:" + problem, "event dropped: " + problem)
                return False
            if len(self._queue) >= self._max_queue:
                self._queue.popleft()
                self._stats["dropped"] += 1
                self._note("dropped", "queue full (%d events): dropping the oldest" % self._max_queue)
            self._queue.append(event)
            if len(self._queue) >= self._batch_size:
                self._lock.notify()
        return True

    def trade(self, outcome, duration_seconds=None, **context):
        return self.event("trade", outcome=outcome, **_opt(duration_seconds=duration_seconds), **context)

    def scan(self, duration_seconds, tokens_discovered=None, tokens_approved=None, **context):
        return self.event("scan", duration_seconds=duration_seconds,
                          **_opt(tokens_discovered=tokens_discovered, tokens_approved=tokens_approved),
                          **context)

    def api_call(self, api, outcome, duration_seconds, **context):
        return self.event("api_call", api=api, outcome=outcome, duration_seconds=duration_seconds,
                          **context)

    def error(self, component, severity, **context):
        return self.event("error", component=component, severity=severity, **context)

    def websocket(self, stream, event, latency_seconds=None, **context):
        return self.event("websocket", stream=stream, event=event,
                          **_opt(latency_seconds=latency_seconds), **context)

    def nonce(self, outcome, **context):
        return self.event("nonce", outcome=outcome, **context)

    def balance_check(self, duration_seconds, **context):
        return self.event("balance_check", duration_seconds=duration_seconds, **context)

    def heartbeat(self, component="main"):
        return self.event("heartbeat", component=component, ts=time.time())

    @contextlib.contextmanager
    def api_call_timer(self, api):
        """Times the block as one api_call: `success`, or `error` when it raises (re-raised)."""
        started = time.monotonic()
        outcome = "error"
        try:
            yield
            outcome = "success"
        finally:
            self.api_call(api, outcome, max(0.0, time.monotonic() - started))

    def state(self, snapshot=None, **fields):
        """Sets the bot's whole current state (a PUT replaces the previous one: send every field
        each time). Only the latest snapshot is kept until it is sent."""
        try:
            snapshot = dict(snapshot or {}, **fields)
            json.dumps(snapshot, allow_nan=False)
        except Exception:  # not a mapping, NaN, a value JSON cannot carry: never into the loop
            with self._lock:
                self._stats["invalid"] += 1
                self._note("invalid:state", "state dropped: a value JSON cannot carry")
            return False
        with self._lock:
            self._state = snapshot
        return True

    def stats(self):
        """Counters since start: queued now, sent, dropped (queue full), rejected (by the
        exporter), invalid (at the call), failures (send attempts), last_error."""
        with self._lock:
            out = dict(self._stats)
            out["queued"] = len(self._queue)
            return out

    def flush(self, timeout=5.0):
        """Asks the thread to send now and waits until the queue is empty or `timeout` passes;
        True if everything queued was sent (or refused) in time. Never raises."""
        deadline = time.monotonic() + timeout
        with self._lock:
            self._failures = 0  # a caller asking to flush gets an attempt now, not after backoff
            self._flush_now = True
            self._lock.notify()
            while (self._queue or self._inflight or self._state is not None) \
                    and time.monotonic() < deadline and self._thread.is_alive():
                self._lock.wait(min(0.05, max(0.0, deadline - time.monotonic())))
            return not self._queue and not self._inflight and self._state is None

    def close(self, timeout=None):
        """Sends what is queued (for up to `timeout`, default exit_timeout) and stops the thread."""
        timeout = self._exit_timeout if timeout is None else timeout
        with self._lock:
            if self._closing:
                return
            self._closing = True
            self._lock.notify()
        if self._thread.is_alive():
            self._thread.join(timeout)
        try:
            atexit.unregister(self.close)
        except Exception:
            pass

    # ---- the background thread ----

    _flush_now = False

    def _run(self):
        while True:
            with self._lock:
                if not (self._closing or self._flush_now):
                    wait = backoff_delay(self._failures, cap=self._max_backoff) \
                        if self._failures else self._flush_interval
                    self._lock.wait_for(
                        lambda: self._closing or self._flush_now
                        or (not self._failures and len(self._queue) >= self._batch_size),
                        timeout=wait)
                closing = self._closing
            try:
                self._send_all()
            except Exception as e:  # never let the thread die: the bot would go unreported
                self._failed("unexpected error: %s" % type(e).__name__)
            with self._lock:
                self._flush_now = False
                self._lock.notify_all()
            if closing:
                return

    def _send_all(self):
        while True:
            with self._lock:
                batch = [self._queue.popleft()
                         for _ in range(min(self._batch_size, len(self._queue)))]
                self._inflight = len(batch)
                state = self._state
            if batch:
                try:
                    sent = self._send_events(batch)
                finally:
                    with self._lock:
                        self._inflight = 0
                if not sent:
                    return
                continue
            if state is not None:
                self._send_state(state)
            return

    def _send_events(self, batch):
        """One POST; False when the batch went back to the queue (the thread backs off)."""
        status, body = self._request("POST", "/api/v1/events", batch)
        if status == 202:
            self._succeeded(sent=len(batch))
            return True
        if status == 422:
            refused = _REFUSED_EVENT.search(_error_field(body) or "")
            index = int(refused.group(1)) if refused else -1
            if 0 <= index < len(batch):
                with self._lock:
                    self._stats["rejected"] += 1
                    self._note("rejected", "exporter refused an event: %s" % _error_text(body))
                    self._queue.extendleft(reversed(batch[:index] + batch[index + 1:]))
                return True
        if _refused(status):
            with self._lock:
                self._stats["rejected"] += len(batch)
                self._note("rejected", "exporter refused a batch (%d): %s" % (status, _error_text(body)))
            return True
        with self._lock:  # transient: back in front, the oldest dropped past the bound
            self._queue.extendleft(reversed(batch))
            while len(self._queue) > self._max_queue:
                self._queue.popleft()
                self._stats["dropped"] += 1
        self._failed(_describe(status, body))
        return False

    def _send_state(self, state):
        status, body = self._request("PUT", "/api/v1/bots/%s/state" % self.bot, state)
        refused = _refused(status)
        with self._lock:
            if self._state is state and (status == 202 or refused):
                self._state = None  # sent or unsendable; a newer snapshot stays queued
            if refused:
                self._stats["states_rejected"] += 1
                self._note("state-rejected", "exporter refused the state: %s" % _error_text(body))
            elif status == 202:
                self._stats["states_sent"] += 1
        if status == 202:
            self._succeeded(sent=0)
        elif not refused:
            self._failed(_describe(status, body))

    def _request(self, method, path, payload):
        """(status, body bytes); status None when there was no HTTP answer."""
        data = json.dumps(payload, allow_nan=False, separators=(",", ":")).encode("utf-8")
        req = urllib.request.Request(self._base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        if self._token:
            req.add_header("Authorization", "Bearer " + self._token)
        try:
            with self._opener.open(req, timeout=self._timeout) as r:
                return r.status, r.read(65536)
        except urllib.error.HTTPError as e:
            try:
                return e.code, e.read(65536)
            finally:
                e.close()
        except (OSError, ValueError) as e:  # refused, reset, timeout, DNS, TLS
            reason = getattr(e, "reason", e)  # URLError wraps the socket's error
            return None, (type(reason).__name__ if isinstance(reason, BaseException)
                          else str(reason)[:100]).encode("utf-8", "replace")

    def _succeeded(self, sent):
        with self._lock:
            self._stats["sent"] += sent
            if self._failures:
                log.info("botwatch exporter reachable again")
            self._failures = 0
            self._logged.clear()

    def _failed(self, why):
        with self._lock:
            self._failures += 1
            self._stats["failures"] += 1
            self._stats["last_error"] = why
            self._note("failed:" + why.split(":")[0],
                       "cannot report to the exporter (%s); events are kept, the oldest dropped "
                       "past %d" % (why, self._max_queue))

    def _note(self, key, message):
        """Logs a problem once until the client recovers (called with the lock held)."""
        if key not in self._logged:
            self._logged.add(key)
            log.warning(message)


def _refused(status):
    """A 4xx that sending again cannot fix; 401/403 (token), 408 and 429 may pass later."""
    return status is not None and 400 <= status < 500 and status not in (401, 403, 408, 429)


def _opt(**fields):
    return {k: v for k, v in fields.items() if v is not None}


def _error_field(body):
    try:
        return json.loads(body.decode("utf-8")).get("field")
    except Exception:
        return None


def _error_text(body):
    try:
        return str(json.loads(body.decode("utf-8")).get("error"))[:200]
    except Exception:
        return "(no JSON error)"


def _describe(status, body):
    if status is None:
        return "no answer: " + body.decode("ascii", "replace")
    if status in (401, 403):
        return "%d: the exporter refused the token" % status
    return "%d: %s" % (status, _error_text(body))
