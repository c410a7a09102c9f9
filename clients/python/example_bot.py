"""The smallest bot that botwatch watches: a trading loop reporting through botwatch_client.

    python3 clients/python/example_bot.py            # exporter on http://127.0.0.1:9310
    BOTWATCH_EXPORTER_URL=... BOTWATCH_EXPORTER_TOKEN=... python3 example_bot.py

Then look at http://127.0.0.1:9310/metrics (bot="example"). examples/python-bot is the complete
version: pid file, log, and the control API the responder repairs it through.
"""

import os
import random
import time

from botwatch_client import BotwatchClient


def main():
    bw = BotwatchClient("example",
                        url=os.environ.get("BOTWATCH_EXPORTER_URL", "http://127.0.0.1:9310"),
                        token=os.environ.get("BOTWATCH_EXPORTER_TOKEN") or None)
    pnl = 0.0
    try:
        while True:
            bw.heartbeat()
            try:
                with bw.api_call_timer("binance"):  # times the call; error if it raises
                    time.sleep(random.uniform(0.01, 0.05))  # stands for exchange.fetch_ticker()
            except ConnectionError:
                pass  # your retry logic; the failure is already counted
            ok = random.random() > 0.05
            pnl += random.uniform(0.1, 1.0) if ok else -random.uniform(0.5, 2.0)
            bw.trade("success" if ok else "failure", duration_seconds=random.uniform(0.1, 0.4))
            bw.state(pnl={"daily": round(pnl, 2), "total": round(pnl, 2), "currency": "USDT"},
                     open_positions=1, max_positions=5, trading_state="running",
                     emergency_mode=False)
            time.sleep(1)
    except KeyboardInterrupt:
        pass  # the client flushes what is queued at exit


if __name__ == "__main__":
    main()
