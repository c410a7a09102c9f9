"""The real botwatch exporter for the client's tests: its shaded jar, started on a free loopback
port with a bearer token, stopped afterwards. A missing jar or java FAILS the tests (they prove
the client against the real thing and must never pass by skipping it)."""

import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RealExporter:
    def __init__(self, token="client-test-token", port=0, max_label_values=50):
        self.token = token
        jar = os.environ.get("BOTWATCH_EXPORTER_JAR",
                             os.path.join(ROOT, "target", "dist", "botwatch-exporter.jar"))
        if not os.path.isfile(jar):
            raise AssertionError("%s is missing: build it with `mvn -B -DskipTests package` "
                                 "(bin/test runs these tests after the build)" % jar)
        self.dir = tempfile.mkdtemp(prefix="botwatch-client-")
        token_file = os.path.join(self.dir, "token")
        with open(token_file, "w") as f:
            f.write(token + "\n")
        config = os.path.join(self.dir, "exporter.yml")
        with open(config, "w") as f:
            # Only what ingest needs: the host collector's first OSHI round costs a second.
            f.write("server: {host: 127.0.0.1, port: %d}\n"
                    "auth: {token: {file: %s}}\n"
                    "ingest: {max_label_values: %d}\n"
                    "collectors: {host: {enabled: false}}\n" % (port, token_file, max_label_values))
        self.log_path = os.path.join(self.dir, "exporter.log")
        java = os.environ.get("JAVA", "java")
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar,
             "--config", config],
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.url = "http://127.0.0.1:%d" % self._await_port(60)

    def _await_port(self, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with open(self.log_path) as f:
                m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", f.read())
            if m:
                return int(m.group(1))
            if self.process.poll() is not None:
                raise AssertionError("the exporter exited %s:\n%s" % (self.process.returncode, self.log()))
            time.sleep(0.05)
        self.stop()
        raise AssertionError("the exporter did not start in %d s:\n%s" % (seconds, self.log()))

    def log(self):
        with open(self.log_path) as f:
            return f.read()[-3000:]

    def metrics(self):
        with urllib.request.urlopen(self.url + "/metrics", timeout=5) as r:
            return r.read().decode("utf-8")

    def sample(self, name_and_labels):
        """The value of one series, e.g. 'bot_trades_total{bot="py",outcome="success"}', or None."""
        for line in self.metrics().splitlines():
            if line.startswith(name_and_labels + " "):
                return float(line.split(" ")[1])
        return None

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self._log.close()
