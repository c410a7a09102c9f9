"""An alert storm against a running responder, as two clustered Alertmanagers send it (stdlib only).

BOTS bots, each with ALERTNAMES alert names firing for VARIANTS components: BOTS x ALERTNAMES x
VARIANTS alerts in BOTS x ALERTNAMES groups (Alertmanager's group_by: host, bot, alertname). Each
of two Alertmanagers sends every group once per INTERVAL seconds, its groups spread evenly over
the interval (each group has its own timer), for CYCLES intervals; the second starts half an
interval late. CONCURRENCY connections per Alertmanager, kept alive. A stand-in bot on BOT_PORT
(HTTP/1.1) answers the control calls. /-/ready is polled every 0.5 s meanwhile.
Prints the webhook's p50/p99/max, failures (not 200, or no answer within 10 s: Alertmanager's
timeout), control calls received and /-/ready answers by status.

Usage: storm.py RESPONDER_URL TOKEN BOT_PORT BOTS ALERTNAMES VARIANTS CYCLES INTERVAL CONCURRENCY
"""
import http.client
import http.server
import json
import queue
import sys
import threading
import time
import urllib.parse

(url, token, bot_port, bots, names, variants, cycles, interval, conc) = (
    sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]),
    int(sys.argv[6]), int(sys.argv[7]), float(sys.argv[8]), int(sys.argv[9]))
host, port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
calls = [0]
lock = threading.Lock()


class Bot(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")
        with lock:
            calls[0] += 1

    def log_message(self, *args):
        pass


bot_server = http.server.ThreadingHTTPServer(("127.0.0.1", bot_port), Bot)
bot_server.daemon_threads = True
threading.Thread(target=bot_server.serve_forever, daemon=True).start()


def group(bot, name):
    alerts = [{"status": "firing",
               "labels": {"alertname": "Storm%02d" % name, "bot": "b%03d" % bot, "host": "h1",
                          "component": "c%02d" % v, "severity": "warning", "recovery": "soft"},
               "annotations": {"summary": "storm"}, "startsAt": "2026-12-02T10:00:00Z",
               "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "",
               "fingerprint": "%016x" % ((bot << 24) | (name << 12) | v)} for v in range(variants)]
    return json.dumps({
        "version": "4", "groupKey": "{}:{bot=\"b%03d\",alertname=\"Storm%02d\"}" % (bot, name),
        "truncatedAlerts": 0, "status": "firing", "receiver": "responder",
        "groupLabels": {"bot": "b%03d" % bot, "alertname": "Storm%02d" % name},
        "commonLabels": {"bot": "b%03d" % bot}, "commonAnnotations": {},
        "externalURL": "http://127.0.0.1:9093", "alerts": alerts}).encode()


bodies = [group(b, n) for b in range(bots) for n in range(names)]
lat, failures = [], [0]
headers = {"Content-Type": "application/json", "Authorization": "Bearer " + token}


def sender(jobs):
    c = None
    while True:
        body = jobs.get()
        if body is None:
            return
        t0 = time.perf_counter()
        ok = False
        for _ in range(2):  # one reconnect, as a kept-alive connection may have been closed
            try:
                if c is None:
                    c = http.client.HTTPConnection(host, port, timeout=10)
                c.request("POST", "/alerts", body, headers)
                r = c.getresponse()
                r.read()
                ok = r.status == 200
                break
            except (OSError, http.client.HTTPException):
                c.close()
                c = None
        took = time.perf_counter() - t0
        with lock:
            lat.append(took)
            if not ok or took > 10:
                failures[0] += 1


ready = {}
stop = threading.Event()


def poll_ready():
    while not stop.wait(0.5):
        try:
            c = http.client.HTTPConnection(host, port, timeout=5)
            c.request("GET", "/-/ready")
            s = c.getresponse().status
            c.close()
        except OSError:
            s = "error"
        ready[s] = ready.get(s, 0) + 1


def alertmanager(offset):
    jobs = queue.Queue()
    workers = [threading.Thread(target=sender, args=(jobs,)) for _ in range(conc)]
    for w in workers:
        w.start()
    start = time.perf_counter() + offset
    gap = interval / len(bodies)
    for c in range(cycles):
        for i, body in enumerate(bodies):
            due = start + c * interval + i * gap
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            jobs.put(body)
    for _ in workers:
        jobs.put(None)
    for w in workers:
        w.join(interval * cycles + 60)


poller = threading.Thread(target=poll_ready, daemon=True)
poller.start()
t0 = time.perf_counter()
ams = [threading.Thread(target=alertmanager, args=(o,)) for o in (0, interval / 2)]
for a in ams:
    a.start()
for a in ams:
    a.join(interval * cycles + 120)
stop.set()
took = time.perf_counter() - t0


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))] * 1000 if xs else float("nan")


print("storm: %d alerts in %d groups, 2 Alertmanagers, %d cycles of %.0f s, %d posts in %.1f s"
      % (bots * names * variants, len(bodies), cycles, interval, len(lat), took))
print("webhook: p50 %.1f ms, p99 %.1f ms, max %.1f ms, failures %d"
      % (pct(lat, 0.5), pct(lat, 0.99), pct(lat, 1.0), failures[0]))
print("control calls: %d" % calls[0])
print("ready: %s" % " ".join("%s=%d" % (k, v) for k, v in sorted(ready.items(), key=str)))
bot_server.shutdown()
