#!/usr/bin/env python3
"""Time from exec to the first HTTP 200 on a path: starts CMD, polls every 2 ms (at most 30 s),
prints the milliseconds, then stops CMD (SIGTERM, SIGKILL after 10 s). Standard library only.
The clock starts just before the fork, so the figure includes the program's whole start.

usage: first200.py PORT PATH CMD...
"""
import http.client
import subprocess
import sys
import time

port, path, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
t0 = time.perf_counter()
p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    deadline = t0 + 30
    while time.perf_counter() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", path)
            r = c.getresponse()
            r.read()
            c.close()
            if r.status == 200:
                print("%.0f" % ((time.perf_counter() - t0) * 1000))
                break
        except OSError:
            pass
        if p.poll() is not None:
            sys.exit("%s exited with %d before answering" % (cmd[0], p.returncode))
        time.sleep(0.002)
    else:
        sys.exit("no 200 on %s within 30 s" % path)
finally:
    p.terminate()
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
