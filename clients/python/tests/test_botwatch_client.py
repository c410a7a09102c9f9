"""The Python client against the real exporter (its jar, started by real_exporter.py).

Run: python3 -m unittest discover -s clients/python/tests -v   (after mvn package; bin/test runs
it through e2e's PythonClientIT). Each test uses its own bot name: the exporter's label caps are
per bot."""

import logging
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from botwatch_client import BotwatchClient, backoff_delay  # noqa: E402
from real_exporter import RealExporter, free_port  # noqa: E402


class ClientAgainstRealExporter(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.exporter = RealExporter(max_label_values=3)

    @classmethod
    def tearDownClass(cls):
        cls.exporter.stop()

    def client(self, bot, **kw):
        kw.setdefault("token", self.exporter.token)
        kw.setdefault("flush_interval", 0.05)
        c = BotwatchClient(bot, url=kw.pop("url", self.exporter.url), **kw)
        self.addCleanup(c.close, 1.0)
        return c

    def sample(self, name, **labels):
        """One series' value from the exporter's /metrics, labels in any order; None if absent."""
        want = {'%s="%s"' % kv for kv in labels.items()}
        for line in self.exporter.metrics().splitlines():
            if line.startswith(name + "{"):
                series, value = line.rsplit(" ", 1)
                if set(series[len(name) + 1:-1].split(",")) == want:
                    return float(value)
        return None

    def test_events_and_state_reach_the_exporter(self):
        c = self.client("py-events")
        c.trade("success", duration_seconds=0.4, symbol="BTC/USDT")
        c.trade("success")
        c.trade("failure", duration_seconds=1.5)
        with c.api_call_timer("binance"):
            pass
        with self.assertRaises(ConnectionError):
            with c.api_call_timer("binance"):
                raise ConnectionError("exchange went away")
        c.scan(2.5, tokens_discovered=200, tokens_approved=70)
        c.websocket("prices", "connected", latency_seconds=0.05)
        c.nonce("failure")
        c.balance_check(0.2)
        c.error("executor", "high")
        c.heartbeat("scanner")
        c.state(pnl={"daily": -12.5, "total": 340.0, "currency": "USDT"}, open_positions=2,
                max_positions=5, trading_state="running", emergency_mode=False)
        self.assertTrue(c.flush(10), c.stats())

        self.assertEqual(2, self.sample("bot_trades_total", bot="py-events", outcome="success"))
        self.assertEqual(1, self.sample("bot_trades_total", bot="py-events", outcome="failure"))
        for outcome in ("success", "error"):
            self.assertEqual(1, self.sample("bot_api_requests_total", api="binance",
                                            bot="py-events", outcome=outcome))
        self.assertEqual(1, self.sample("bot_scans_total", bot="py-events"))
        self.assertEqual(1, self.sample("bot_websocket_connected", bot="py-events", stream="prices"))
        self.assertEqual(1, self.sample("bot_nonce_failures_total", bot="py-events"))
        self.assertEqual(1, self.sample("bot_errors_total", bot="py-events", component="executor",
                                        severity="high"))
        self.assertIsNotNone(self.sample("bot_heartbeat_timestamp_seconds", bot="py-events",
                                         component="scanner"))
        self.assertEqual(-12.5, self.sample("bot_pnl", bot="py-events", currency="USDT",
                                            period="daily"))
        self.assertEqual(2, self.sample("bot_open_positions", bot="py-events"))
        stats = c.stats()
        self.assertEqual((11, 0, 0, 0, 1), (stats["sent"], stats["dropped"], stats["rejected"],
                                           stats["invalid"], stats["states_sent"]))

    def test_only_the_latest_state_is_sent(self):
        c = self.client("py-state", start=False)  # nothing is sent until the thread starts
        c.state(open_positions=1, max_positions=5)
        c.state(open_positions=4, max_positions=5)
        c._thread.start()
        self.assertTrue(c.flush(10), c.stats())
        self.assertEqual(4, self.sample("bot_open_positions", bot="py-state"))
        self.assertEqual(1, c.stats()["states_sent"])

    def test_invalid_events_are_dropped_at_the_call_and_never_raise(self):
        c = self.client("py-invalid")
        with self.assertLogs("botwatch_client", logging.WARNING):
            results = [
                c.trade("succes"),
                c.api_call("binance", "success", -1),
                c.scan(float("nan")),
                c.event("bogus"),
                c.trade("success", order=object()),
                c.error("", "high"),
                c.websocket("prices", "connected", latency_seconds=True),
                c.state(pnl={"daily": float("inf"), "currency": "USDT"}),
                c.state(["not", "a", "mapping"]),
            ]
        self.assertEqual([False] * 9, results)
        self.assertTrue(c.trade("success"))
        self.assertTrue(c.flush(10), c.stats())
        self.assertEqual(9, c.stats()["invalid"])
        self.assertEqual(1, self.sample("bot_trades_total", bot="py-invalid", outcome="success"))

    def test_an_event_the_exporter_refuses_is_dropped_and_the_rest_of_its_batch_sent(self):
        # The class's exporter caps api label values at 3 per bot: the 4th and 5th are refused.
        c = self.client("py-cap", start=False)
        for api in ("a1", "a2", "a3", "a4", "a5"):
            c.api_call(api, "success", 0.1)
        c.trade("success")
        c._thread.start()
        with self.assertLogs("botwatch_client", logging.WARNING) as logs:
            self.assertTrue(c.flush(10), c.stats())
        self.assertIn("exceeds the cap", "\n".join(logs.output))
        stats = c.stats()
        self.assertEqual((4, 2), (stats["sent"], stats["rejected"]))
        for api in ("a1", "a2", "a3"):
            self.assertEqual(1, self.sample("bot_api_requests_total", api=api, bot="py-cap",
                                            outcome="success"))
        self.assertIsNone(self.sample("bot_api_requests_total", api="a4", bot="py-cap",
                                      outcome="success"))
        self.assertEqual(1, self.sample("bot_trades_total", bot="py-cap", outcome="success"))

    def test_a_wrong_token_keeps_the_events_and_never_leaks_the_token(self):
        secret = "not-the-token-5f0e1b"
        c = self.client("py-token", token=secret, max_backoff=0.2)
        with self.assertLogs("botwatch_client", logging.WARNING) as logs:
            for _ in range(3):
                self.assertTrue(c.trade("success"))
            self.assertFalse(c.flush(1))
        stats = c.stats()
        self.assertEqual(3, stats["queued"])
        self.assertEqual(0, stats["sent"])
        self.assertGreaterEqual(stats["failures"], 1)
        self.assertIn("401", stats["last_error"])
        self.assertNotIn(secret, "\n".join(logs.output) + repr(stats))
        self.assertIsNone(self.sample("bot_trades_total", bot="py-token", outcome="success"))

    def test_while_the_exporter_is_away_the_oldest_are_dropped_then_the_rest_delivered(self):
        port = free_port()
        c = self.client("py-away", url="http://127.0.0.1:%d" % port, max_queue=5, max_backoff=0.2)
        with self.assertLogs("botwatch_client", logging.WARNING):
            for i in range(10):
                self.assertTrue(c.heartbeat("c%d" % i))
            self.assertFalse(c.flush(0.5))  # nobody listens: connection refused
        stats = c.stats()
        self.assertEqual((5, 5, 0), (stats["queued"], stats["dropped"], stats["sent"]))
        self.assertIn("ConnectionRefusedError", stats["last_error"])

        late = RealExporter(port=port)
        self.addCleanup(late.stop)
        self.assertTrue(c.flush(15), c.stats())
        self.assertEqual(5, c.stats()["sent"])
        metrics = late.metrics()
        for i in range(10):
            series = 'component="c%d"' % i
            (self.assertIn if i >= 5 else self.assertNotIn)(series, metrics)

    def test_a_hung_exporter_never_holds_up_the_caller(self):
        # Accepts connections (the kernel's backlog) and never answers.
        hung = socket.socket()
        hung.bind(("127.0.0.1", 0))
        hung.listen(16)
        self.addCleanup(hung.close)
        c = BotwatchClient("py-hung", url="http://127.0.0.1:%d" % hung.getsockname()[1],
                           flush_interval=0.01, timeout=30, max_queue=100, start=False)
        for _ in range(1000):
            self.assertTrue(c.trade("success"))
        c._thread.start()
        c.close(timeout=0.2)  # gives up on the stuck request instead of waiting 30 s
        self.assertTrue(c._thread.is_alive(), "the request is still stuck in the daemon thread")
        self.assertEqual(900, c.stats()["dropped"])

    def test_what_is_queued_is_sent_when_the_interpreter_exits(self):
        script = textwrap.dedent("""
            import sys
            sys.path.insert(0, %r)
            from botwatch_client import BotwatchClient
            c = BotwatchClient("py-exit", url=%r, token=%r, flush_interval=60)
            c.trade("success")
            c.trade("success")
        """) % (os.path.dirname(HERE), self.exporter.url, self.exporter.token)
        done = subprocess.run([sys.executable, "-c", script], timeout=30, capture_output=True,
                              text=True)
        self.assertEqual(0, done.returncode, done.stderr)
        self.assertEqual(2, self.sample("bot_trades_total", bot="py-exit", outcome="success"))

    def test_the_example_bot_reports_until_interrupted(self):
        env = dict(os.environ, BOTWATCH_EXPORTER_URL=self.exporter.url,
                   BOTWATCH_EXPORTER_TOKEN=self.exporter.token)
        bot = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(HERE), "example_bot.py")],
                               env=env, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 20
            while self.sample("bot_trades_total", bot="example", outcome="success") is None \
                    and time.monotonic() < deadline and bot.poll() is None:
                time.sleep(0.2)
            self.assertIsNone(bot.poll(), "the example bot exited")
            self.assertIsNotNone(self.sample("bot_pnl", bot="example", currency="USDT",
                                             period="daily"))
        finally:
            bot.send_signal(signal.SIGINT)
            _, err = bot.communicate(timeout=10)
        self.assertEqual(0, bot.returncode, err)


class Construction(unittest.TestCase):
    def test_bad_settings_are_refused_at_once(self):
        for bad in [dict(bot="my bot"), dict(bot=""), dict(url="ftp://x"),
                    dict(url="http://user:pw@127.0.0.1:9310"), dict(token="a\nb"),
                    dict(flush_interval=0)]:
            args = dict(bot="ok", start=False)
            args.update(bad)
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                BotwatchClient(**args)

    def test_backoff_doubles_up_to_the_cap_with_jitter(self):
        self.assertEqual(0, backoff_delay(0))
        self.assertEqual([0.5, 1.0, 2.0, 4.0, 30.0, 30.0],
                         [backoff_delay(n, rand=lambda: 1.0) for n in (1, 2, 3, 4, 8, 100)])
        self.assertEqual(0.4, backoff_delay(1, rand=lambda: 0.0))


if __name__ == "__main__":
    unittest.main()
