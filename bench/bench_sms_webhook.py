"""Benchmark: the SMS webhook's intake, signed plain JSON posts through Django's full stack in-process
(middleware, signature, rate window, parse, insert, the `inbound_received` hook with no subscriber), one after
another, on a fresh SQLite file; then the same messages again (repeats: 200, nothing stored).

    python bench/bench_sms_webhook.py [--n 2000] [--db var/bench/sms.sqlite3]

No HTTP server and no load generator: the figure is the application's cost per post (a real server adds its
own); the alerts' intake benchmark (issue 14) adds the alert it makes.
"""

import argparse
import json
import time
from pathlib import Path

from common import ROOT, report, setup_django, summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--db", type=Path, default=ROOT / "var" / "bench" / "sms.sqlite3")
    args = parser.parse_args()
    setup_django(args.db, fresh=True)

    from django.test import Client

    from peaceops.core.models import Mission
    from peaceops.messaging.choices import GatewayKind
    from peaceops.messaging.models import Gateway, InboundMessage
    from peaceops.messaging.signatures import json_signature

    mission = Mission.objects.create(code="BENCH", name="Benchmark")
    gateway = Gateway.objects.create(mission=mission, name="bench", kind=GatewayKind.JSON, secret="bench-secret",
                                     base_url="http://127.0.0.1:9/", max_per_minute=10**9)
    client = Client()
    url = f"/hooks/sms/{gateway.uuid}/"
    bodies = [json.dumps({"id": f"m-{i}", "from": f"+38344{i:06d}", "text": f"ALERT Zvecan shots heard {i}",
                          "received_at": "2026-12-06T10:00:00Z"}).encode() for i in range(args.n)]

    client.get(url)  # warm up: the first request imports the URL map (and the API behind it)

    def run() -> tuple[float, list[float]]:
        times = []
        start = time.perf_counter()
        for body in bodies:
            t = time.perf_counter()
            response = client.post(url, body, content_type="application/json",
                                   HTTP_X_PEACEOPS_SIGNATURE=json_signature("bench-secret", body))
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, response.content
        return time.perf_counter() - start, times

    new_elapsed, new_times = run()
    assert InboundMessage.objects.count() == args.n
    repeat_elapsed, repeat_times = run()
    assert InboundMessage.objects.count() == args.n
    new, repeat = summary(new_times), summary(repeat_times)
    report("SMS webhook intake (signed plain JSON, in-process, SQLite)", [
        ("new messages", f"{args.n / new_elapsed:.0f}/s; median {new['median_ms']:.2f} ms, p95 {new['p95_ms']:.2f} ms"),
        ("repeats (stored nothing)", f"{args.n / repeat_elapsed:.0f}/s; median {repeat['median_ms']:.2f} ms, "
                                     f"p95 {repeat['p95_ms']:.2f} ms"),
    ])


if __name__ == "__main__":
    main()
