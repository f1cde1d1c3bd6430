"""Benchmark: the watch officer's triage queue (/alerts/queue/ and GET /api/v1/alerts/queue) with 100,000
alerts in one mission, against the same page of a mission with 20 alerts (the baseline, in the same process).

    python bench/bench_triage_queue.py [--n 100000] [--repeat 30] [--db var/bench/queue.sqlite3]

The alerts are synthetic, written with bulk inserts (the intake's cost is bench_sms_webhook's): 70% open
(new, claimed, verified, acted on; every one past new claimed by one of seven officers, 10% of those
also assigned; 1% of each the benchmark's officer), the rest closed or dismissed; priorities spread over 0-100; 10% PUBLIC,
the rest CONFIDENTIAL, and 10% of those released to KFOR. Each request goes through Django's whole stack
in-process (django.test.Client, signed in): the UNMIK watch officer (sees every alert), a KFOR watch officer
(sees the public and released ones: the visibility rule's release test on every row), filters, the list alone
(what the live page fetches) and the JSON API.
"""

import argparse
import datetime as dt
import random
import time
from pathlib import Path

from common import ROOT, report, setup_django, summary

OPEN = ("new", "claimed", "verified", "acted_on")
CATEGORIES = ("shooting", "roadblock", "threat", "arson", "armed-presence", "")


def seed(mission, owner, partner, n: int, rng: random.Random, now: dt.datetime, officers=()) -> None:
    from peaceops.alerts.models import Alert, AlertRelease
    from peaceops.alerts.priority import band_of
    from peaceops.alerts.services import new_reference

    references, batch, releases = set(), [], []
    for i in range(n):
        reference = new_reference()
        while reference in references:
            reference = new_reference()
        references.add(reference)
        status = rng.choice(OPEN) if rng.random() < 0.7 else rng.choice(("closed", "dismissed"))
        priority = rng.randint(0, 100)
        received = now - dt.timedelta(minutes=rng.randint(0, 60 * 24 * 60))
        public = rng.random() < 0.1
        holder = assignee = None
        if status != "new" and officers:  # acknowledged: an officer of the watch claimed it, some were assigned on
            holder = officers[0] if rng.random() < 0.01 else rng.choice(officers[1:])
            assignee = rng.choice(officers[1:]) if rng.random() < 0.1 else None
            if assignee is not None and rng.random() < 0.01:
                assignee = officers[0]
        batch.append(Alert(
            mission=mission, owner=owner, classification="PUBLIC" if public else "CONFIDENTIAL",
            created_at=received, updated_at=received, reference=reference, channel=rng.choice(("sms", "web", "phone")),
            text=f"Synthetic alert {i}: something happened near the village", category=rng.choice(CATEGORIES),
            place_text=f"Village {i % 500}", received_at=received, read_at=received, status=status,
            priority=priority, priority_band=band_of(priority),
            priority_factors={"points": {"severity": 20.0, "vulnerability": 9.0, "source": 2.5, "age": 15.0},
                              "nearby": {"incidents": 3, "radius_km": 5.0, "days": 30, "share": 0.3},
                              "forecast": None},
            lon=20.5 + rng.random(), lat=42.3 + rng.random() * 0.8, claimed_by=holder,
            assigned_to=assignee, acknowledged_at=received if holder else None))
        if len(batch) == 5000:
            _flush(Alert, AlertRelease, batch, releases, partner, rng)
    _flush(Alert, AlertRelease, batch, releases, partner, rng)


def _flush(Alert, AlertRelease, batch, releases, partner, rng) -> None:  # noqa: N803 - the models
    Alert.objects.bulk_create(batch)
    AlertRelease.objects.bulk_create([AlertRelease(alert=a, organisation=partner) for a in batch
                                      if a.classification == "CONFIDENTIAL" and rng.random() < 0.1])
    batch.clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--db", type=Path, default=ROOT / "var" / "bench" / "queue.sqlite3")
    parser.add_argument("--keep", action="store_true", help="reuse the database of the last run")
    args = parser.parse_args()
    setup_django(args.db, fresh=not args.keep)

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from peaceops.alerts.models import Alert
    from peaceops.core.choices import Role
    from peaceops.testing import world

    rng = random.Random(14)
    now = timezone.now()
    big, small = world.mission("UNMIK"), world.mission("MINUSCA")
    unmik, kfor = world.organisation("UNMIK"), world.organisation("KFOR")
    watch = world.member(big, unmik, Role.WATCH_OFFICER, username="bench-watch")
    world.member(small, unmik, Role.WATCH_OFFICER, username="bench-watch")
    partner = world.member(big, kfor, Role.WATCH_OFFICER, username="bench-kfor")
    others = [world.member(big, unmik, Role.WATCH_OFFICER, username=f"bench-officer-{i}") for i in range(6)]
    if not Alert.objects.filter(mission=big).exists():
        start = time.perf_counter()
        seed(big, unmik, kfor, args.n, rng, now, officers=(watch, *others))
        seed(small, unmik, kfor, 20, rng, now)
        print(f"seeded {args.n:,} alerts in {time.perf_counter() - start:.0f} s")
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def client_for(user, mission) -> Client:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        session = client.session
        from peaceops.web.mission import SESSION_KEY

        session[SESSION_KEY] = mission.pk
        session.save()
        return client

    cases = [
        ("baseline: the page, a mission of 20 alerts", client_for(watch, small), "/alerts/queue/", {}),
        ("the page, UNMIK watch (every alert)", client_for(watch, big), "/alerts/queue/", {}),
        ("the page, KFOR watch (released ones)", client_for(partner, big), "/alerts/queue/", {}),
        ("the page, band=critical & unclaimed", client_for(watch, big), "/alerts/queue/",
         {"band": "critical", "who": "unclaimed"}),
        ("the page, channel=sms", client_for(watch, big), "/alerts/queue/", {"channel": "sms"}),
        ("the page, band=low (the queue's end)", client_for(watch, big), "/alerts/queue/", {"band": "low"}),
        ("the page, channel=api (no alert)", client_for(watch, big), "/alerts/queue/", {"channel": "api"}),
        ("the page, who=unclaimed", client_for(watch, big), "/alerts/queue/", {"who": "unclaimed"}),
        ("the page, who=mine", client_for(watch, big), "/alerts/queue/", {"who": "mine"}),
        ("the list alone (live refresh)", client_for(watch, big), "/alerts/queue/", {"partial": "rows"}),
        ("API GET /api/v1/alerts/queue", client_for(watch, big), "/api/v1/alerts/queue", {"mission": "UNMIK"}),
        ("API, KFOR watch", client_for(partner, big), "/api/v1/alerts/queue", {"mission": "UNMIK"}),
    ]
    open_count = Alert.objects.filter(mission=big, status__in=OPEN).count()
    rows = []
    for name, client, path, params in cases:
        assert client.get(path, params).status_code == 200, (name, client.get(path, params).content[:300])
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            response = client.get(path, params)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
        stats = summary(times)
        rows.append((name, f"median {stats['median_ms']:.1f} ms, p95 {stats['p95_ms']:.1f} ms"))
    report(f"Triage queue: {args.n:,} alerts in one mission ({open_count:,} open), {args.repeat} requests each, "
           f"{connection.vendor}", rows)


if __name__ == "__main__":
    main()
