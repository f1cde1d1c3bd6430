"""What the export tests seed (specs, not rows), who should see what, and readers for each export format.

Each seed says who reports it, its classification and releasability; `expected_titles(org)` recomputes from
these specs, not from `visible_to()`, which incidents a member of `org` (no strictly-confidential role) sees.
"""

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field

from peaceops.incidents.inputs import ActorData, CasualtyData, SourceData


@dataclass
class Seed:
    """One incident to seed: title, reporting person, classification, releasability, other data."""

    title: str
    reporter: str = "watch"
    owner: str = "UNMIK"
    classification: str = "PUBLIC"
    releasable_to: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def day(d: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, d, hour, minute, tzinfo=dt.UTC)


RICH_EXTRA = dict(
    occurred_start=day(1, 14, 30), occurred_end=day(1, 16, 0), time_precision="minute",
    reported_at=day(1, 17, 5), description="Youths threw stones at a bus; two passengers hurt.",
    location_name="Ibar bridge, Mitrovica", location_precision="exact", status="verified",
    casualties=[CasualtyData(group="civilians", killed_low=1, killed_best=2, killed_high=3,
                             injured_low=0, injured_best=1, injured_high=1),
                CasualtyData(group="security_forces", killed_low=0, killed_best=1, killed_high=1)],
    actors=[ActorData(name="Unknown armed men", role="perpetrator", type="unknown"),
            ActorData(name="Kosovo Police", role="target", type="state_forces"),
            ActorData(name="Bus passengers", role="victim", type="civilians")],
    sources=[SourceData(type="patrol", reliability="B", credibility="2", reference="KFOR report 17"),
             SourceData(type="media", reliability="C", credibility="3", reference="Koha Ditore; 2 March")],
    external_id="JOC-2026-0017",
)

SEEDS = [
    Seed("Public stone-throwing at the bridge", releasable_to=["OSCE"], extra=RICH_EXTRA),
    Seed("Public roadblock near Zubin Potok",
         extra=dict(occurred_start=day(5), category_path="mission/freedom-of-movement", lon=20.70, lat=43.08)),
    Seed("Public theft in Gjilan", extra=dict(occurred_start=day(9), category_path="mission/crime",
                                              lon=21.47, lat=42.46, location_precision="admin2")),
    Seed("Confidential released to KFOR", classification="CONFIDENTIAL", releasable_to=["KFOR"],
         extra=dict(occurred_start=day(3))),
    Seed("Confidential UNMIK only", classification="CONFIDENTIAL", extra=dict(occurred_start=day(4))),
    Seed("Confidential released to OSCE", classification="CONFIDENTIAL", releasable_to=["OSCE"],
         extra=dict(occurred_start=day(6))),
    Seed("Strictly confidential UNMIK only", classification="STRICTLY_CONFIDENTIAL",
         extra=dict(occurred_start=day(7))),
    Seed("Strictly confidential released to KFOR", classification="STRICTLY_CONFIDENTIAL",
         releasable_to=["KFOR"], extra=dict(occurred_start=day(8))),
    Seed("KFOR own confidential patrol report", reporter="kfor", owner="KFOR", classification="CONFIDENTIAL",
         extra=dict(occurred_start=day(10), category_path="mission/crime")),
]
OTHER_MISSION_TITLE = "Public incident of another mission"


def expected_titles(org: str) -> set[str]:
    """Titles a member of `org` in the mission, without the strictly-confidential role, may see."""
    return {
        s.title for s in SEEDS
        if s.classification == "PUBLIC"
        or (s.classification == "CONFIDENTIAL" and (s.owner == org or org in s.releasable_to))
    }


def read_table(text: str, *, skip_hashtags: bool = False) -> list[dict]:
    """CSV text as dicts (for HXL, the hashtag row under the header is skipped)."""
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    return rows[1:] if skip_hashtags else rows


def exported_titles(fmt: str, text: str) -> list[str]:
    """The incident titles in an export, whatever its format."""
    if fmt == "geojson":
        return [f["properties"]["title"] for f in json.loads(text)["features"]]
    if fmt == "hxl":
        return [row["title"] for row in read_table(text, skip_hashtags=True)]
    if fmt == "ucdp-ged":
        return [row["source_headline"] for row in read_table(text)]
    return [row["title"] for row in read_table(text)]


def run_export(*args: str) -> tuple[str, str]:
    """Run `export-incidents` with these arguments; returns (stdout, stderr). Default output: stdout."""
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    if "-o" not in args:
        args = (*args, "-o", "-")
    call_command("export_incidents", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()
