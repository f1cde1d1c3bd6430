"""The demo's conduct and discipline (`peaceops demo --mission UNMIK`): two conduct officers' logins, the
mission's cases at each step read only by the officers assigned to them, their people sealed, KFOR's referral,
the UN table's 40 rows counted in the statistics, the prevention records; the worker escalates the case whose NIO
deadline passed; a second load adds nothing."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from peaceops.conduct import deadlines, identities, statistics
from peaceops.conduct.models import (
    Case,
    CasePerson,
    PreventionMeasure,
    RiskAssessment,
    TrainingCompletion,
    VictimAssistance,
)
from peaceops.core.models import Membership
from peaceops.demo.conduct import CASES, UN_TABLE
from peaceops.notices.models import Notification

pytestmark = pytest.mark.django_db


def _run() -> str:
    out = io.StringIO()
    call_command(
        "demo",
        "--no-serve",
        "--incidents",
        "50",
        "--mission",
        "UNMIK",
        stdout=out,
        stderr=io.StringIO(),
        verbosity=0,
    )
    return out.getvalue()


def _table_rows() -> int:
    with UN_TABLE.open(encoding="utf-8", newline="") as stream:
        return len(list(csv.DictReader(stream)))


def _page(user, url: str):
    client = Client()
    client.force_login(user)
    return client.get(url)


def test_the_demo_loads_conduct_and_discipline_once():
    output = _run()
    User = get_user_model()
    officer, chief = User.objects.get(username="unmik.conduct"), User.objects.get(username="unmik.conduct2")
    assert "unmik.conduct2" in output and "conduct_officer + viewer" in output
    for user in (officer, chief):
        assert set(
            Membership.objects.filter(user=user).values_list("mission__code", "organisation__code", "role")
        ) == {("UNMIK", "UNMIK", "conduct_officer"), ("UNMIK", "UNMIK", "viewer")}

    mission = Membership.objects.filter(user=officer).first().mission
    rows = _table_rows()
    assert rows == 40
    everything = Case._base_manager.filter(mission=mission)
    own = everything.exclude(intake_channel="un_table")
    assert (everything.count(), own.count()) == (rows + len(CASES) + 1, len(CASES) + 1)
    assert sorted(own.values_list("status", flat=True)) == sorted(
        ["received", "received", "referred", "investigation", "outcome", "closed"]
    )
    assert set(everything.values_list("classification", flat=True)) == {"STRICTLY_CONFIDENTIAL"}
    # Need-to-know: the officer reads the cases they recorded and the referral, the chief the UN table's and the
    # referral; nobody else reads any.
    referral = own.get(intake_channel="partner_referral")
    assert referral.referred_by.code == "KFOR"
    assert set(Case.objects.visible_to(officer)) == set(own)
    assert set(Case.objects.visible_to(chief)) == set(everything.filter(intake_channel="un_table")) | {
        referral
    }
    for name in ("unmik.admin", "unmik.analyst", "unmik.sc", "kfor.reporter"):
        assert not Case.objects.visible_to(User.objects.get(username=name)).exists()

    closed = own.get(status="closed")
    assert closed.outcome == "substantiated" and closed.steps.count() == 5
    assert {a.label for a in closed.actions.filter(stage="final")} >= {"Repatriation"}
    assert own.get(category="II").investigator == "mission"
    assert VictimAssistance.objects.filter(case__in=own).count() == 6
    # The people: sealed (no name in the database), each revealed with a reason.
    people = CasePerson.objects.filter(case__in=own)
    assert people.count() == sum(len(c["people"]) for c in CASES) + 1
    assert not [p for p in people if "fictitious" in p.name_sealed + p.contact_sealed]
    victim = people.filter(case=closed, role="victim").get()
    assert (
        identities.reveal(victim, acting_user=officer, reason="demo test")["name"]
        == "Vjosa Shembull (fictitious)"
    )

    # The officer's overview shows the overdue case; the worker's sweep escalates it to the supervisors.
    overdue = own.get(status="referred")
    assert overdue.investigator == "tcc" and overdue.nio_requested_on
    page = _page(officer, "/conduct/")
    assert page.status_code == 200 and overdue.reference in page.content.decode()
    page = _page(officer, f"/conduct/cases/{closed.pk}/").content.decode()  # the case page with its cards
    assert "Steps and deadlines" in page and "Show identity" in page and "Maternity clinic, Pristina" in page
    assert "Vjosa" not in page
    assert deadlines.sweep() == {"reminded": 0, "escalated": 1}
    assert Notification.objects.filter(kind=deadlines.ESCALATION, user=chief).exists()
    assert Case.objects.visible_to(chief).filter(pk=overdue.pk).exists()

    # Statistics: the 46 cases counted, small cells hidden, for an analyst who reads no case.
    analyst = User.objects.get(username="unmik.analyst")
    assert statistics.table(mission, ("year",)).total.count == everything.count()
    page = _page(analyst, "/conduct/statistics/")
    assert page.status_code == 200 and overdue.reference not in page.content.decode()

    # Prevention: a risk assessment per site with units, training per unit, measures; the mission's members read
    # them.
    assert RiskAssessment.objects.filter(mission=mission).count() == 3
    assert TrainingCompletion.objects.filter(mission=mission).count() == 6
    assert PreventionMeasure.objects.filter(mission=mission).count() == 4
    viewer = User.objects.get(username="unmik.viewer")
    assert RiskAssessment.objects.visible_to(viewer).count() == 3
    assert not TrainingCompletion.objects.filter(trained__gt=0, strength=0).exists()

    counts = (
        everything.count(),
        CasePerson.objects.count(),
        RiskAssessment.objects.count(),
        TrainingCompletion.objects.count(),
        PreventionMeasure.objects.count(),
    )
    assert "conduct and discipline: kept" in _run()
    assert counts == (
        everything.count(),
        CasePerson.objects.count(),
        RiskAssessment.objects.count(),
        TrainingCompletion.objects.count(),
        PreventionMeasure.objects.count(),
    )
