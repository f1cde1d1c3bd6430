"""Benchmark: latency of single incident writes through the API (create, update, delete), median over n each.

    python bench/bench_writes.py [--n 200] [--db var/bench/writes.sqlite3]

Each write is one request through Django's full stack in-process (middleware, session auth, the schema, the
service, the change log, the ledger, the live event on commit), as a signed-in watch officer, into a fresh
mission with Kosovo boundaries (enrichment by point in polygon). The body has two casualty groups, two actors,
a source and a release to KFOR. Updates change the title and a casualty count (a real change each time).
Wall time and this process's CPU time (SQLite runs in it) are both given: on a shared machine the CPU time is the
steadier figure.

To compare with another commit, run this file from a copy of that commit's tree (e.g. `git archive <commit> |
tar -x -C /tmp/base`) with the same arguments, alternately with this one.
"""

import argparse
import json
import time
from pathlib import Path

from common import ROOT, report, setup_django, summary

API = "/api/v1/incidents"


def body(i: int) -> dict:
    return {
        "mission": "BENCH", "title": f"Grenade thrown at a checkpoint {i}",
        "occurred_start": "2025-06-01T21:15:00+02:00", "time_precision": "minute",
        "lon": 20.87 + (i % 50) * 0.001, "lat": 42.89, "location_name": "Mitrovica north",
        "classification": "CONFIDENTIAL", "releasable_to": ["KFOR"],
        "casualties": [{"group": "civilians", "killed_low": 0, "killed_best": 1, "killed_high": 2, "injured_best": 3,
                        "injured_high": 4},
                       {"group": "security_forces", "killed_low": 1, "killed_best": 1, "killed_high": 1}],
        "actors": [{"name": "Unknown assailants", "role": "perpetrator", "type": "unknown"},
                   {"name": "Kosovo Police", "role": "target", "type": "state_forces"}],
        "sources": [{"type": "patrol", "reference": f"KFOR patrol {i}", "reliability": "B", "credibility": "2"}],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--db", type=Path, default=ROOT / "var" / "bench" / "writes.sqlite3")
    args = parser.parse_args()
    setup_django(args.db, fresh=True)
    from bench_world import make_world, watch_officer_client

    client = watch_officer_client(make_world())
    for i in range(5):  # warm up (imports, caches, the first statements)
        response = client.post(API, json.dumps(body(-i)), content_type="application/json")
        assert response.status_code == 201, response.content
    times: dict[str, list[tuple[float, float]]] = {"create (POST)": [], "update (PATCH)": [], "delete (DELETE)": []}

    def timed_request(name, send):
        wall, cpu = time.perf_counter(), time.process_time()
        response = send()
        times[name].append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
        return response

    ids = []
    for i in range(args.n):
        response = timed_request("create (POST)", lambda i=i: client.post(API, json.dumps(body(i)),
                                                                          content_type="application/json"))
        assert response.status_code == 201, response.content
        ids.append(response.json()["id"])
    for i, incident_id in enumerate(ids):
        change = {"title": f"Grenade thrown at checkpoint {i}, edited",
                  "casualties": [{"group": "civilians", "killed_low": 1, "killed_best": 2, "killed_high": 3}]}
        response = timed_request("update (PATCH)", lambda incident_id=incident_id, change=change: client.patch(
            f"{API}/{incident_id}", json.dumps(change), content_type="application/json"))
        assert response.status_code == 200, response.content
    for incident_id in ids:
        response = timed_request("delete (DELETE)", lambda incident_id=incident_id: client.delete(
            f"{API}/{incident_id}"))
        assert response.status_code in (200, 204), response.content
    rows = []
    for name, pairs in times.items():
        wall, cpu = summary([w for w, _ in pairs]), summary([c for _, c in pairs])
        rows.append((name, f"median {wall['median_ms']:.2f} ms wall ({cpu['median_ms']:.2f} ms CPU), p95 "
                           f"{wall['p95_ms']:.2f} ms wall (n={wall['n']})"))
    report(f"Single incident writes through the API ({ROOT.name})", rows)


if __name__ == "__main__":
    main()
