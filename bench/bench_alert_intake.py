"""Benchmark: community alerts arriving by SMS webhook, sustained, through a real server (issue 14's target: at
least 500 alerts/s with p95 under 100 ms).

    python bench/bench_alert_intake.py [--seconds 20] [--concurrency 16] [--profile 500]

The server is the one `make demo` runs (`peaceops runserver --noreload`: Django's threaded server, a thread per
connection, the default SQLite database in WAL mode under PEACEOPS_VAR_DIR), started on a fresh database in a
process of its own. Load comes from this process: `--concurrency` threads, each with its own keep-alive
connection (the way a gateway's sender pool posts), posting signed plain-JSON messages one after another for
`--seconds`. Every 200 must mean the message and its alert are stored: the benchmark checks each answered id
against the database afterwards.

Baseline, in the same run and with the same threads: a GET on the same webhook URL (Django's whole middleware
stack and the 405 of `require_POST`, no database): what the server and the load generator cost by themselves.

`--profile N` instead posts N messages in-process (no server) under cProfile, and prints the queries one post
makes and where the time goes.
"""

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from common import ROOT, machine

WORK = ROOT / "var" / "bench" / "intake"
SECRET = "bench-secret"


def prepare(var_dir: Path, base_url: str = "http://127.0.0.1:9/") -> str:
    """A fresh database under var_dir with a mission, its intake organisation and a plain-JSON gateway (sending
    to `base_url`); the webhook's path."""
    shutil.rmtree(var_dir, ignore_errors=True)
    var_dir.mkdir(parents=True)
    os.environ["PEACEOPS_VAR_DIR"] = str(var_dir)
    os.environ.pop("PEACEOPS_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from peaceops.core.models import Mission, Organisation, Participation
    from peaceops.messaging.choices import GatewayKind
    from peaceops.messaging.models import Gateway

    mission = Mission.objects.create(code="BENCH", name="Benchmark")
    un = Organisation.objects.create(code="UNBENCH", name="UN bench", type="UN")
    Participation.objects.create(mission=mission, organisation=un, administered_by=un)
    gateway = Gateway.objects.create(mission=mission, name="bench", kind=GatewayKind.JSON, secret=SECRET,
                                     base_url=base_url, max_per_minute=10**9)
    return f"/hooks/sms/{gateway.uuid}/"


def body(i: int) -> bytes:
    return json.dumps({"id": f"m-{i}", "from": f"+38344{i % 1000000:06d}",
                       "text": f"ALERT Zvecan shots heard near the school {i}",
                       "received_at": "2026-12-06T10:00:00Z"}).encode()


def signed_headers(payload: bytes) -> dict:
    from peaceops.messaging.signatures import json_signature

    return {"Content-Type": "application/json", "X-PeaceOps-Signature": "sha256=" + json_signature(SECRET, payload)}


class Server:
    """`peaceops runserver --noreload` as `peaceops demo` runs it, on a database of its own."""

    def __init__(self, var_dir: Path, port: int, log: Path):
        env = {**os.environ, "PEACEOPS_VAR_DIR": str(var_dir), "PYTHONPATH": str(ROOT)}
        env.pop("PEACEOPS_DATABASE_URL", None)
        self.port = port
        self.log = log.open("w")
        self.process = subprocess.Popen([sys.executable, "-m", "peaceops.cli", "runserver", f"127.0.0.1:{port}",
                                         "--noreload"], env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                        cwd=ROOT)

    def wait(self, path: str, deadline: float = 120) -> None:
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped: see {self.log.name}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", path)
                connection.getresponse().read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not answer")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)
        self.log.close()


def load(port: int, path: str, *, seconds: float, concurrency: int, method: str, first: int = 0,
         keep_alive: bool = True) -> dict:
    """Each thread posts (or GETs) one request after another on its keep-alive connection (or a new connection
    each, `keep_alive=False`) until time is up."""
    counter = iter(range(first, 10**9))
    lock = threading.Lock()
    results = {"times": [], "statuses": {}, "ok_ids": []}
    stop_at = time.monotonic() + seconds

    def run():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        times, statuses, ok_ids = [], {}, []
        while time.monotonic() < stop_at:
            with lock:
                i = next(counter)
            payload = body(i) if method == "POST" else None
            headers = signed_headers(payload) if payload else {}
            if not keep_alive:
                headers["Connection"] = "close"
            start = time.perf_counter()
            try:
                connection.request(method, path, body=payload, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
                if not keep_alive:
                    connection.close()
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status = "error"
            times.append((time.perf_counter() - start) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
            if status == 200:
                ok_ids.append(f"m-{i}")
        with lock:
            results["times"].extend(times)
            results["ok_ids"].extend(ok_ids)
            for status, n in statuses.items():
                results["statuses"][status] = results["statuses"].get(status, 0) + n

    threads = [threading.Thread(target=run) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results["elapsed"] = time.monotonic() - started
    return results


def figures(results: dict) -> dict:
    ordered = sorted(results["times"])
    ok = results["statuses"].get(200, 0) + results["statuses"].get(405, 0)

    def pct(q):
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]

    return {"rate": ok / results["elapsed"], "median": statistics.median(ordered), "p95": pct(0.95),
            "p99": pct(0.99), "max": ordered[-1], "n": len(ordered), "statuses": results["statuses"]}


def check_stored(answered: list[str]) -> tuple[int, int, int]:
    """(answered 200, with their message, with their alert) as the database holds them now."""
    from django.db import connection

    from peaceops.alerts.models import Alert
    from peaceops.messaging.models import InboundMessage

    connection.close()  # read what the server committed, not an old snapshot
    messages = set(InboundMessage.objects.values_list("gateway_message_id", flat=True))
    alerted = set(Alert.objects.filter(inbound_message__isnull=False)
                  .values_list("inbound_message__gateway_message_id", flat=True))
    answered_set = set(answered)
    return len(answered_set), len(answered_set & messages), len(answered_set & alerted)


def profile(path: str, n: int) -> None:
    """N posts in-process under cProfile: queries per post, and the functions the time goes to."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get(path)

    def post(i):
        payload = body(i)
        response = client.post(path, payload, content_type="application/json",
                               HTTP_X_PEACEOPS_SIGNATURE="sha256=" + signed_headers(payload)["X-PeaceOps-Signature"]
                               .removeprefix("sha256="))
        assert response.status_code == 200, response.content

    for i in range(20):  # warm up
        post(10**8 + i)
    with CaptureQueriesContext(connection) as queries:
        post(10**8 + 99)
    print(f"\n## One post's queries ({len(queries.captured_queries)})")
    for query in queries.captured_queries:
        print(" ", query["sql"][:160])
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(n):
        post(2 * 10**8 + i)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"\n## {n} posts in-process, no profiler: {1000 * cpu / n:.2f} ms CPU a post ({1000 * wall / n:.2f} ms "
          f"wall; load average {os.getloadavg()[0]:.1f})")
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for i in range(n):
        post(i)
    profiler.disable()
    elapsed = time.perf_counter() - start
    print(f"\n## {n} posts in-process under cProfile: {n / elapsed:.0f}/s ({1000 * elapsed / n:.2f} ms a post)")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--baseline-seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--profile", type=int, default=0, help="profile N posts in-process instead")
    parser.add_argument("--new-connections", action="store_true",
                        help="a new connection for each request (Connection: close) instead of keep-alive")
    args = parser.parse_args()
    path = prepare(WORK)
    if args.profile:
        profile(path, args.profile)
        return
    server = Server(WORK, args.port, WORK / "server.log")
    try:
        server.wait(path)
        load(args.port, path, seconds=2, concurrency=args.concurrency, method="POST", first=10**8)  # warm up
        keep_alive = not args.new_connections
        base = figures(load(args.port, path, seconds=args.baseline_seconds, concurrency=args.concurrency,
                            method="GET", keep_alive=keep_alive))
        cpu_before, load_before = server.cpu_seconds(), os.getloadavg()[0]
        raw = load(args.port, path, seconds=args.seconds, concurrency=args.concurrency, method="POST",
                   keep_alive=keep_alive)
        cpu = server.cpu_seconds() - cpu_before
        alerts = figures(raw)
        load_after = os.getloadavg()[0]
    finally:
        server.stop()
    answered, with_message, with_alert = check_stored(raw["ok_ids"])
    print(f"\n## Alert intake by SMS webhook: `peaceops runserver` (threaded), SQLite WAL, {args.concurrency} "
          f"{'keep-alive ' if keep_alive else ''}clients for {args.seconds:.0f} s")
    print(f"machine: {machine()}; load average {load_before:.1f} before, {load_after:.1f} after")
    print(f"- baseline (GET -> 405, no database): {base['rate']:.0f}/s; median {base['median']:.1f} ms, "
          f"p95 {base['p95']:.1f} ms")
    print(f"- alerts (signed POST -> 200): {alerts['rate']:.0f}/s; median {alerts['median']:.1f} ms, "
          f"p95 {alerts['p95']:.1f} ms, p99 {alerts['p99']:.1f} ms, max {alerts['max']:.0f} ms; "
          f"answers {alerts['statuses']}")
    print(f"- ratio: {alerts['rate'] / base['rate']:.2f} of the baseline's rate, median "
          f"{alerts['median'] / base['median']:.1f}x the baseline's")
    print(f"- server CPU: {cpu:.1f} s for {alerts['statuses'].get(200, 0)} alerts: "
          f"{1000 * cpu / max(1, alerts['statuses'].get(200, 0)):.2f} ms an alert")
    print(f"- answered 200: {answered}; stored with their message: {with_message}; with their alert: {with_alert}")
    target = alerts["rate"] >= 500 and alerts["p95"] < 100
    print(f"- target (>= 500 alerts/s, p95 < 100 ms): {'met' if target else 'not met'}")
    if with_alert != answered:
        raise SystemExit("some answered alerts are not stored")


if __name__ == "__main__":
    main()
