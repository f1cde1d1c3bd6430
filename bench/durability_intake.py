"""Durability of the alert intake and the outbox under kill -9 (issue 14):

1. "kill -9 the web server during a burst of webhook posts, restart it: every alert that was answered with 2xx
   is stored". The server `make demo` runs (`peaceops runserver --noreload`, threaded) on a fresh SQLite file
   (WAL); `--threads` clients post signed messages; the server is SIGKILLed mid-burst and started again. Then
   every gateway message id answered 200 must have its InboundMessage and its Alert. The posts that got no
   answer are posted again (as a gateway retries): afterwards every message is stored exactly once.
2. "every queued outbound message is sent exactly once after the worker restarts". `--messages` SMS are queued
   for a plain-JSON gateway (a fake one in this process, answering each post after `--gateway-delay` seconds
   and counting deliveries by our `Idempotency-Key`); `peaceops worker` sends them and is SIGKILLed mid-way,
   then started again after the outbox's claim lease. Every message must end `sent`, and the gateway must have
   delivered each exactly once (posts beyond one per message are the crash's resends, dropped by its key).

    python bench/durability_intake.py [--threads 8] [--burst-seconds 4] [--messages 150]

Exit status 1 when a check fails. What "exactly once" rests on: docs/operators/durability.md.
"""

import argparse
import http.client
import os
import signal
import subprocess
import sys
import threading
import time

from bench_alert_intake import Server, body, prepare, signed_headers
from common import ROOT, machine

sys.path.insert(0, str(ROOT))
from tests.messaging.fakegateway import Answer, FakeGateway, serve  # noqa: E402

WORK = ROOT / "var" / "bench" / "durability"
#: The outbox's claim lease in this run (seconds): a message `sending` longer than this was its dead worker's.
CLAIM_SECONDS = 3


def wait_for(condition, what: str, deadline: float = 180.0):
    end = time.monotonic() + deadline
    while not (value := condition()):
        if time.monotonic() > end:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.2)
    return value


def burst(port: int, path: str, *, threads: int, until: threading.Event, first: int = 0) -> dict:
    """Clients posting new messages until `until` is set; {id: status} of every post (None: no answer)."""
    counter = iter(range(first, 10**9))
    lock = threading.Lock()
    outcome: dict[str, int | None] = {}

    def run():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while not until.is_set():
            with lock:
                i = next(counter)
            payload = body(i)
            try:
                connection.request("POST", path, body=payload, headers=signed_headers(payload))
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = None
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                time.sleep(0.05)  # the server is down: do not spin
            with lock:
                outcome[f"m-{i}"] = status

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return outcome


def post_again(port: int, path: str, ids: list[str]) -> dict:
    """Post these messages again, one by one (a gateway retrying what got no answer)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    answers = {}
    for message_id in ids:
        payload = body(int(message_id.removeprefix("m-")))
        connection.request("POST", path, body=payload, headers=signed_headers(payload))
        response = connection.getresponse()
        response.read()
        answers[message_id] = response.status
    return answers


def stored() -> tuple[dict, dict]:
    """(InboundMessage count per gateway id, Alert count per gateway id) as committed now."""
    from django.db import connection
    from django.db.models import Count

    from peaceops.alerts.models import Alert
    from peaceops.messaging.models import InboundMessage

    connection.close()
    messages = dict(InboundMessage.objects.values("gateway_message_id").annotate(n=Count("id"))
                    .values_list("gateway_message_id", "n"))
    alerts = dict(Alert.objects.filter(inbound_message__isnull=False)
                  .values("inbound_message__gateway_message_id").annotate(n=Count("id"))
                  .values_list("inbound_message__gateway_message_id", "n"))
    return messages, alerts


def intake(args, path: str) -> bool:
    server = Server(WORK, args.port, WORK / "server-1.log")
    server.wait(path)
    until = threading.Event()
    killer = threading.Timer(args.burst_seconds, lambda: (server.process.send_signal(signal.SIGKILL), until.set()))
    killer.start()
    outcome = burst(args.port, path, threads=args.threads, until=until)
    server.process.wait()
    answered = sorted(i for i, status in outcome.items() if status == 200)
    unanswered = sorted(i for i, status in outcome.items() if status is None)
    other = {i: s for i, s in outcome.items() if s not in (200, None)}
    restarted = Server(WORK, args.port, WORK / "server-2.log")
    restarted.wait(path)
    messages, alerts = stored()
    lost = [i for i in answered if messages.get(i) != 1 or alerts.get(i) != 1]
    kept_unanswered = sum(1 for i in unanswered if i in messages)
    retried = post_again(args.port, path, unanswered)
    messages_after, alerts_after = stored()
    restarted.stop()
    every = answered + unanswered
    not_once = [i for i in every if messages_after.get(i) != 1 or alerts_after.get(i) != 1]
    print(f"\n## 1. Webhook burst, server killed with SIGKILL after {args.burst_seconds:.0f} s, restarted")
    print(f"- posts answered 200 before the kill: {len(answered)}; with no answer (killed): {len(unanswered)}; "
          f"other answers: {other or 'none'}")
    print(f"- after the restart: answered 200 and stored with message and alert: {len(answered) - len(lost)} of "
          f"{len(answered)}; unanswered posts found stored anyway (committed, answer lost): {kept_unanswered}")
    print(f"- the unanswered posted again (a gateway's retry): answers {sorted(set(retried.values()))}; then "
          f"every message stored exactly once with one alert: {len(every) - len(not_once)} of {len(every)}")
    if lost:
        print(f"  LOST: {lost[:10]}")
    return not lost and not not_once and not other


def outbox(args) -> bool:
    from django.db import transaction
    from django.db.models import Count

    from peaceops.alerts.models import Alert
    from peaceops.core.models import Mission
    from peaceops.messaging import outbox as queue
    from peaceops.messaging.choices import Channel
    from peaceops.messaging.models import Gateway, OutboundMessage

    Alert.objects.filter(read_at__isnull=True).update(read_at="2026-12-06T10:00:00Z")  # not what this checks
    mission = Mission.objects.get(code="BENCH")
    gateway = Gateway.objects.get(mission=mission)
    with transaction.atomic():
        queued = [queue.queue_message(mission=mission, channel=Channel.SMS, recipient=f"+38344{i:06d}",
                                      body=f"Your alert K7Q-{i:03d} was received.", gateway=gateway)
                  for i in range(args.messages)]
    references = {str(m.uuid) for m in queued}
    env = {**os.environ, "PEACEOPS_VAR_DIR": str(WORK), "PYTHONPATH": str(ROOT), "PEACEOPS_TASKS_BACKEND": "database",
           "PEACEOPS_OUTBOX_CLAIM_SECONDS": str(CLAIM_SECONDS), "PEACEOPS_SMS_READ_TIMEOUT": "30"}
    env.pop("PEACEOPS_DATABASE_URL", None)

    def worker(log: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "peaceops.cli", "worker", "--lease", "2", "--interval", "0.2"],
                                cwd=ROOT, env=env, stdout=(WORK / log).open("w"), stderr=subprocess.STDOUT)

    def sent() -> int:
        return OutboundMessage.objects.filter(status="sent").count()

    def statuses() -> dict:
        return dict(OutboundMessage.objects.values("status").annotate(n=Count("id")).values_list("status", "n"))

    first = worker("worker-1.log")
    wait_for(lambda: len(args.fake.requests) >= args.messages // 3, "the first worker to send a third")
    first.send_signal(signal.SIGKILL)
    first.wait()
    posts_before = len(args.fake.requests)
    statuses_at_kill = statuses()
    time.sleep(CLAIM_SECONDS + 1)  # past the claim lease: the message it was sending is now its dead worker's
    second = worker("worker-2.log")
    wait_for(lambda: sent() == args.messages, "every message to be sent", deadline=300)
    second.send_signal(signal.SIGTERM)
    second.wait(60)
    posts = [r for r in args.fake.requests if r.method == "POST"]
    keys = [r.headers.get("Idempotency-Key") for r in posts]
    resent = len(keys) - len(set(keys))
    delivered = args.fake.delivered
    once = len(delivered) == len(set(delivered)) and set(delivered) == references
    final = statuses()
    print(f"\n## 2. Outbox: {args.messages} SMS queued; worker killed with SIGKILL mid-sending, restarted after "
          f"the claim lease ({CLAIM_SECONDS} s)")
    print(f"- at the kill: {posts_before} posts had reached the gateway; statuses {statuses_at_kill}")
    print(f"- after the restart: statuses {final}; posts to the gateway {len(posts)} ({resent} resent with the "
          f"same Idempotency-Key); messages the gateway delivered: {len(delivered)} distinct of {args.messages}, "
          f"each once: {'yes' if once else 'NO'}")
    return once and final == {"sent": args.messages}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--burst-seconds", type=float, default=4)
    parser.add_argument("--messages", type=int, default=150)
    parser.add_argument("--gateway-delay", type=float, default=0.05)
    parser.add_argument("--port", type=int, default=8792)
    args = parser.parse_args()
    args.fake, stop_fake = serve(FakeGateway(answers=[Answer(201, {"id": "gw"}, delay=args.gateway_delay)]))
    path = prepare(WORK, base_url=args.fake.url + "/send")
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
    try:
        ok = intake(args, path)
        ok = outbox(args) and ok
    finally:
        stop_fake()
    print(f"\nresult: {'every check passed' if ok else 'A CHECK FAILED'}")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
