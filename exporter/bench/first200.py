#!/usr/bin/env python3
"""Time from exec to the first HTTP 200 on a path: starts CMD, polls every 2 ms (at most 30 s),
prints the milliseconds, then stops CMD (SIGTERM, SIGKILL after 10 s). Standard library only.
The clock starts just before the fork, so the figure includes the program's whole start.
PATHS may name several paths, comma-separated: each is polled in turn once the one before
answered 200, and the figures are printed space-separated in that order (e.g. /metrics,/-/ready:
when the port answers, and when the program takes work).

usage: first200.py PORT PATHS CMD...
"""
import http.client
import subprocess
import sys
import time

port, paths, cmd = int(sys.argv[1]), sys.argv[2].split(","), sys.argv[3:]


def ok(path):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", path)
        r = c.getresponse()
        r.read()
        c.close()
        return r.status == 200
    except OSError:
        return False


t0 = time.perf_counter()
p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    deadline = t0 + 30
    figures = []
    for path in paths:
        while time.perf_counter() < deadline:
            if ok(path):
                figures.append("%.0f" % ((time.perf_counter() - t0) * 1000))
                break
            if p.poll() is not None:
                sys.exit("%s exited with %d before answering" % (cmd[0], p.returncode))
            time.sleep(0.002)
        else:
            sys.exit("no 200 on %s within 30 s" % path)
    print(" ".join(figures))
finally:
    p.terminate()
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
