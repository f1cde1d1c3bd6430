"""Incidents through the generic record tests (peaceops/testing/records.py): role matrix of the API and pages,
confidentiality on every read path (list, detail, history, aggregate, COP list and points, CSV export, partner
feed, live stream), change log and ledger, bad input, CSV round trip.

Where incidents differ from a kit record type, the spec says so: owner-scoped change and delete codes, their
own CSV export and import commands, pages without a list or history of their own (the COP's list is the list;
the detail page holds the history), and a report form that answers 200 with the errors on their fields.
"""

import dataclasses
import datetime as dt
import io

from django.core.management import call_command

from peaceops.incidents.importing import import_incidents
from peaceops.incidents.models import Incident
from peaceops.incidents.services import incident_to_data
from peaceops.testing.records import RecordSpec, RecordTypeTests
from tests.factories import incident_record

VALID = {"title": "Stone-throwing at a bus near the bridge", "occurred_start": dt.datetime(2026, 3, 1, 14, 30,
                                                                                          tzinfo=dt.UTC),
         "lon": 20.8671, "lat": 42.8914, "location_name": "Mitrovica bridge", "description": "Two buses hit"}
FORM = {"title": VALID["title"], "occurred_start": "2026-03-01T14:30", "time_precision": "minute",
        "lon": "20.8671", "lat": "42.8914", "location_precision": "exact", "status": "reported",
        **{f"{p}-{k}": v for p in ("actor", "source") for k, v in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"),
                                                                    ("MIN_NUM_FORMS", "0"), ("MAX_NUM_FORMS", "1000"))}}


class Incidents:
    """What the generic tests ask of a record type's service, for incidents (written before the kit)."""

    model = Incident

    @staticmethod
    def create(**kwargs):
        return incident_record(**kwargs)

    @staticmethod
    def to_data(incident) -> dict:
        return dataclasses.asdict(incident_to_data(incident))


def export_csv(user, mission, output=None) -> str:
    out = io.StringIO()
    call_command("export_incidents", "--format", "csv", "--user", user.username, "--mission", mission.code,
                 "--no-progress", *(["-o", str(output)] if output else []), stdout=out, stderr=io.StringIO())
    return output.read_text(encoding="utf-8") if output else out.getvalue()


def import_csv(path, **kwargs):
    return import_incidents(path, format="csv", **kwargs)


class TestIncidents(RecordTypeTests):
    spec = RecordSpec(
        service=Incidents(), api="/api/v1/incidents", namespace="incidents", valid=VALID,
        change={"status": "verified"}, label="title", source_id="external_id",
        bad=[({"lat": 95}, "lat"), ({"title": ""}, "title"), ({"occurred_start": "yesterday"}, "occurred_start"),
             ({"occurred_end": "2026-02-01T00:00:00Z"}, "occurred_end"), ({"category_path": "no/such"}, "category"),
             ({"casualties": [{"group": "civilians", "killed_low": 3, "killed_best": 1}]}, "casualties")],
        grants={"change": ("change_own_org", "change_any"), "delete": ("delete_own_org", "delete_any")},
        read_pages=("detail",), list_page="cop-list", form=FORM, form_error_status=200,
        aggregate="/api/v1/incidents/aggregate?by=category", feed="/api/v1/partners/{org}/feed?mission={mission}",
        map_points=("cop-points",), live="cop-live",
        factory=incident_record, export=export_csv, importer=import_csv)
