"""The reference bot's control API and loop, in-process (its full heals run in e2e's
OwnBotIT on the native stack). Run: python3 -m unittest discover -s examples/python-bot/tests"""

import json
import logging
import os
import sys
import threading
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import refbot  # noqa: E402

TOKEN = "refbot-test-token"


class ControlApi(unittest.TestCase):
    def setUp(self):
        cfg = {"name": "refbot", "liquidation_allowed": False}
        # Never started: events stay queued, where the tests read them.
        self.client = refbot.BotwatchClient("refbot", start=False)
        self.bot = refbot.Bot(cfg, self.client, logging.getLogger("refbot-test"))
        self.server = refbot.control_server(self.bot, "127.0.0.1", 0, TOKEN)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)
        self.base = "http://127.0.0.1:%d" % self.server.server_address[1]

    def call(self, method, path, body=None, token=TOKEN):
        req = urllib.request.Request(self.base + path, method=method,
                                     data=None if body is None else body.encode())
        if token:
            req.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(req, timeout=5) as r:
                raw = r.read()
                return r.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as e:
            raw = e.read()
            return e.code, json.loads(raw) if raw else None

    def test_control_needs_the_bots_own_token(self):
        for token in (None, "wrong"):
            status, body = self.call("POST", "/control/stop-trading", "{}", token)
            self.assertEqual((401, "Authorization"), (status, body["field"]))
        self.assertEqual({}, self.bot.control_calls)
        self.assertEqual(200, self.call("POST", "/control/stop-trading", "{}")[0])
        self.assertEqual("paused", self.bot.trading_state)

    def test_each_playbook_step_repairs_what_it_should(self):
        self.call("POST", "/simulate/api_errors", '{"ratio": 0.5}')
        self.call("POST", "/simulate/losses", '{"active": true}')
        self.assertEqual({"api_errors": 0.5, "losses": True}, self.bot.simulate)
        self.assertEqual(422, self.call("POST", "/simulate/api_errors", '{"ratio": 2}')[0])
        self.assertEqual(200, self.call("POST", "/control/reset-connections")[0])
        self.assertEqual({"api_errors": 0.0, "losses": True}, self.bot.simulate)
        status, body = self.call("POST", "/control/restart-component", '{"component": "{{component}}"}')
        self.assertEqual(200, status)
        self.assertFalse(self.bot.simulate["losses"])
        self.assertEqual(200, self.call("POST", "/control/refresh-data")[0])

    def test_emergency_stop_latches_until_resume(self):
        self.call("POST", "/simulate/losses", '{"active": true}')
        for action, body, status in [("stop-trading", None, 200), ("cancel-orders", None, 200),
                                     ("liquidate", None, 403),
                                     ("emergency-mode", '{"active": "yes"}', 422),
                                     ("emergency-mode", '{"active": true}', 200)]:
            self.assertEqual(status, self.call("POST", "/control/" + action, body)[0], action)
        self.bot.tick()
        self.assertEqual(0, sum(1 for e in self.client._queue if e["type"] == "trade"))
        self.assertEqual("stopped", self.bot.snapshot()["trading_state"])
        self.assertEqual(200, self.call("POST", "/control/resume")[0])
        self.assertEqual(("running", False, False),
                         (self.bot.trading_state, self.bot.emergency, self.bot.simulate["losses"]))

    def test_bad_requests_get_a_json_error(self):
        self.assertEqual(404, self.call("POST", "/control/teleport")[0])
        self.assertEqual(400, self.call("POST", "/control/resume", "{not json")[0])
        self.assertEqual(400, self.call("POST", "/control/resume", "[]")[0])
        self.assertEqual(404, self.call("GET", "/nowhere")[0])

    def test_status_and_health_answer_get_and_head(self):
        status, body = self.call("GET", "/status", token=None)
        self.assertEqual((200, "running"), (status, body["trading_state"]))
        self.assertEqual((200, None), self.call("HEAD", "/-/healthy", token=None))

    def test_a_tick_reports_the_simulated_api_errors(self):
        self.call("POST", "/simulate/api_errors", "{}")  # every call fails
        self.bot.tick()
        outcomes = [e["outcome"] for e in self.client._queue if e["type"] == "api_call"]
        self.assertEqual(["error"] * 3, outcomes)
        self.assertEqual(1, sum(1 for e in self.client._queue if e["type"] == "heartbeat"))


if __name__ == "__main__":
    unittest.main()
