"""Webhook -> first control call latency of a running responder (stdlib only).

A stand-in bot records when each control call arrives; the client posts one firing alert at a
time (a new fingerprint each, so each is a new incident) and waits for its call. Prints p50/p99.
Usage: latency.py RESPONDER_URL TOKEN BOT_PORT COUNT [FIRST]
FIRST (default 0) numbers the fingerprints, so a second pass on the same responder (FIRST=100000)
opens new incidents rather than repeating the first pass's.
"""
import http.server
import json
import sys
import threading
import time
import urllib.request

url, token, bot_port, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
first = int(sys.argv[5]) if len(sys.argv) > 5 else 0
arrived = []
cond = threading.Condition()


class Bot(http.server.BaseHTTPRequestHandler):
    # Keep-alive, as a bot's control API (Vert.x, uvicorn) speaks it: HTTP/1.0 would make every
    # control call pay for a new connection.
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, Nagle holds the body back until the
    # client's delayed ACK (40 ms on Linux) on a kept-alive connection.
    disable_nagle_algorithm = True

    def do_POST(self):
        t = time.perf_counter_ns()
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")
        with cond:
            arrived.append(t)
            cond.notify_all()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", bot_port), Bot)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()


def alert(i):
    return json.dumps({
        "version": "4", "groupKey": "{}:{alertname=\"BotApiErrorRateHigh\"}", "truncatedAlerts": 0,
        "status": "firing", "receiver": "responder", "groupLabels": {}, "commonLabels": {},
        "commonAnnotations": {}, "externalURL": "http://127.0.0.1:9350",
        "alerts": [{"status": "firing", "labels": {"alertname": "BotApiErrorRateHigh", "bot": "paper",
                    "severity": "warning", "recovery": "soft"}, "annotations": {},
                    "startsAt": "2026-11-22T10:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
                    "generatorURL": "", "fingerprint": "%016x" % (0xbe0000 + first + i)}]}).encode()


lat, ack = [], []
for i in range(count):
    req = urllib.request.Request(url + "/alerts", data=alert(i), method="POST", headers={
        "Content-Type": "application/json", "Authorization": "Bearer " + token})
    t0 = time.perf_counter_ns()
    with urllib.request.urlopen(req, timeout=10) as r:
        r.read()
    ack.append(time.perf_counter_ns() - t0)
    with cond:
        if not cond.wait_for(lambda: len(arrived) > i, timeout=10):
            sys.exit("no control call for alert %d" % i)
    lat.append(arrived[i] - t0)
    time.sleep(0.01)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))] / 1e6


print("webhook acknowledged: p50 %.1f ms, p99 %.1f ms" % (pct(ack, 0.5), pct(ack, 0.99)))
print("webhook -> first control call: p50 %.1f ms, p99 %.1f ms (%d alerts)" % (pct(lat, 0.5), pct(lat, 0.99), count))
server.shutdown()
