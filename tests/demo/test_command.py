"""`peaceops demo --no-serve`: both demo missions loaded through the services; a second run changes
nothing."""

import csv
import gzip
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from peaceops.alerts.models import Alert
from peaceops.analytics.models import RiskForecast
from peaceops.conduct.models import Case, CasePerson, PreventionMeasure, RiskAssessment, TrainingCompletion
from peaceops.core.choices import Classification
from peaceops.core.models import ChangeLogEntry, Membership, Organisation, RecordLink
from peaceops.demo.missions import UCDP_CAR
from peaceops.geo.models import AdminArea, Place
from peaceops.incidents.models import Incident
from peaceops.messaging.models import Gateway, MessageTemplate
from peaceops.sites.models import Site

pytestmark = pytest.mark.django_db


def _ged_rows() -> tuple[int, int]:
    """(events in the demo's GED file, of which with low <= best <= high), read with the csv module.

    UCDP's file holds a few events whose estimates are out of order (e.g. low 7, best 7, high 6); the importer
    keeps those too, with the interval widened to the best estimate (the repair noted on the incident).
    """
    with gzip.open(UCDP_CAR, "rt", encoding="utf-8", newline="") as stream:
        rows = [(int(r["low"]), int(r["best"]), int(r["high"])) for r in csv.DictReader(stream)]
    return len(rows), sum(1 for low, best, high in rows if low <= best <= high)


def _geo_pko(mission: str) -> list[dict]:
    """The bundled Geo-PKO FrontMap rows of a mission, read with the csv module."""
    from peaceops.demo.sites import GEO_PKO

    with (GEO_PKO / "FrontMap_v.2.3_1994_2017.csv").open(encoding="utf-8", newline="") as stream:
        return [r for r in csv.DictReader(stream) if r["mission"] == mission]


def _state() -> dict:
    """What a second run must leave as it found it."""
    return {
        "areas": sorted(AdminArea.objects.values_list("mission__code", "level").order_by().distinct()),
        "area_count": AdminArea.objects.count(),
        "places": Place.objects.count(),
        "incidents": sorted(Incident.objects.values_list("mission__code", flat=True)),
        "organisations": Organisation.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
        "incident_log": ChangeLogEntry.objects.filter(object_type="incidents.incident").count(),
        "log": ChangeLogEntry.objects.count(),
        "forecasts": sorted(RiskForecast.objects.values_list("pk", flat=True)),
        "sites": sorted(Site.objects.values_list("mission__code", "name")),
        "gateways": sorted(Gateway.objects.values_list("mission__code", "name", "secret")),
        "templates": MessageTemplate.objects.count(),
        "conduct": (Case._base_manager.count(), CasePerson.objects.count(), RiskAssessment.objects.count(),
                    TrainingCompletion.objects.count(), PreventionMeasure.objects.count()),
    }


def _run(*options: str) -> str:
    out = io.StringIO()
    call_command(
        "demo", "--no-serve", "--incidents", "200", *options, stdout=out, stderr=io.StringIO(), verbosity=0
    )
    return out.getvalue()


def _areas(code: str, level: int) -> int:
    return AdminArea.objects.filter(mission__code=code, level=level).count()


def test_demo_loads_both_missions_once_and_prints_the_logins():
    output = _run()
    first = _state()

    assert (_areas("UNMIK", 0), _areas("UNMIK", 1), _areas("UNMIK", 2)) == (1, 7, 38)
    assert (_areas("MINUSCA", 1), _areas("MINUSCA", 2)) == (17, 72)
    unmik = Incident.objects.filter(mission__code="UNMIK")
    made = unmik.exclude(title__startswith="[SYNTHETIC] ")  # the incident yesterday's patrol made of a crowd it saw
    assert made.count() == 1 and made.get().title.startswith("Crowd of about 30")
    assert RecordLink.objects.filter(to_id=str(made.get().pk), kind="related").exists()  # linked to the patrol
    unmik = unmik.exclude(pk=made.get().pk)
    assert unmik.count() == 200
    assert not unmik.filter(admin2__isnull=True).exists()  # every synthetic point falls in a municipality
    assert set(unmik.values_list("owner__code", flat=True)) == {"UNMIK", "KFOR", "KP"}
    ged_events = Incident.objects.filter(mission__code="MINUSCA", ucdp_id__isnull=False).count()
    rows, ordered = _ged_rows()
    assert ged_events == rows and ordered > 0.95 * rows
    assert f"UCDP GED events: {rows} read, {rows} created, 0 updated, 0 unchanged, 0 rejected" in output
    assert Incident.objects.filter(mission__code="MINUSCA").exclude(data_repairs=None).count() == rows - ordered
    for username in (
        "unmik.viewer",
        "unmik.reporter",
        "unmik.analyst",
        "unmik.watch",
        "unmik.admin",
        "unmik.sc",
        "unmik.conduct",
        "unmik.conduct2",
        "kfor.reporter",
        "osce.viewer",
        "minusca.analyst",
        "ocha.viewer",
    ):
        assert username in output
    # Deployment sites from the bundled Geo-PKO subset: one per location of each mission (and UNMIK's temporary
    # checkpoint of the operations demo).
    geo_pko = Site.objects.filter(source_id__isnull=False).exclude(site_type="temporary_checkpoint")
    assert (geo_pko.filter(mission__code="UNMIK").count(), geo_pko.filter(mission__code="MINUSCA").count()) \
        == (len({r["location"] for r in _geo_pko("UNMIK")}), len({r["location"] for r in _geo_pko("MINUSCA")}))
    assert Site.objects.filter(mission__code="UNMIK", site_type="temporary_checkpoint").count() == 1
    assert "deployment sites (Geo-PKO v2.3): 0 created, 0 updated" not in output
    assert "peaceops-demo" in output and "http://127.0.0.1:8000/" in output
    # Messaging: a console gateway that the worker beside the demo prints each SMS through, and the templates.
    assert "messaging: console SMS gateway created" in output
    gateway = Gateway.objects.get(mission__code="UNMIK")
    assert gateway.kind == "console" and gateway.active
    assert set(MessageTemplate.objects.filter(mission=gateway.mission, key="receipt").values_list(
        "language", flat=True)) == {"en", "sq", "sr-latn", "sr"}
    assert not get_user_model().objects.get(username="demo-loader").has_usable_password()
    # Community alerts: a morning's alerts in three languages, read, some already handled by the watch.
    alerts = Alert.objects.filter(mission__code="UNMIK")
    assert "community alerts: 8 alerts, 3 focal points" in output and alerts.count() == 8
    assert not alerts.filter(read_at__isnull=True).exists()
    assert set(alerts.values_list("language", flat=True)) >= {"en", "sq", "sr-latn", "sr"}
    assert set(alerts.values_list("status", flat=True)) >= {"new", "claimed", "verified", "acted_on", "closed",
                                                            "dismissed"}
    anonymous = alerts.get(anonymous=True)
    # Its position is the place its words name (North Mitrovica), never the reporter's own.
    assert anonymous.reporter_phone == "" and anonymous.location_name and anonymous.coarsened_m is None
    assert alerts.get(text__startswith="UZBUNA").focal_point.village == "Zvečan"
    # MINUSCA's risk forecast by prefecture, built as the JMAC analyst from the events through December 2020.
    assert "risk forecast (adm1, data through 2020-12, built by minusca.analyst): 204 forecasts for 17 units" in output
    forecasts = RiskForecast.objects.filter(mission__code="MINUSCA", level="adm1")
    assert forecasts.count() == 17 * 12 and set(forecasts.values_list("built_by__username", flat=True)) == {
        "minusca.analyst"}
    layer = Client()
    layer.force_login(get_user_model().objects.get(username="minusca.viewer"))
    assert len(layer.get("/cop/risk.geojson", {"level": "adm1", "horizon": "1"}).json()["features"]) == 17
    layer.force_login(get_user_model().objects.get(username="ocha.viewer"))  # OCHA sees less than MINUSCA
    assert layer.get("/cop/risk.geojson", {"level": "adm1"}).json()["features"] == []

    # The patrol to Zubin Potok turned back at a roadblock: its page shows the restriction it met.
    from peaceops.operations.models import Patrol

    aborted = Patrol.objects.get(mission__code="UNMIK", name="Mobile patrol to Zubin Potok")
    layer.force_login(get_user_model().objects.get(username="unmik.viewer"))
    page = layer.get(f"/operations/patrols/{aborted.pk}/").content.decode()
    card = page[page.index('id="children-restrictions"'):]
    assert aborted.status == "aborted" and "Roadblock" in card[:card.index("</section>")]
    assert "Road to Zubin Potok, 2 km west of the bridge" in card[:card.index("</section>")]

    assert "risk forecast (adm1, data through 2020-12): already stored" in _run()
    assert _state() == first


def test_confidential_incidents_released_to_kfor_reach_kfor_and_not_osce():
    _run("--mission", "UNMIK")
    User = get_user_model()
    kfor, osce = User.objects.get(username="kfor.reporter"), User.objects.get(username="osce.viewer")
    released = Incident.objects.filter(
        mission__code="UNMIK",
        owner__code="UNMIK",
        classification=Classification.CONFIDENTIAL,
        releasable_to__code="KFOR",
    )
    kfor_only = [i.pk for i in released if [o.code for o in i.releasable_to.all()] == ["KFOR"]]
    assert kfor_only
    assert Incident.objects.visible_to(kfor).filter(pk__in=kfor_only).count() == len(kfor_only)
    assert not Incident.objects.visible_to(osce).filter(pk__in=kfor_only).exists()
    assert Incident.objects.visible_to(osce).filter(mission__code="UNMIK").exists()  # public ones
    strictly = Incident.objects.filter(
        mission__code="UNMIK", classification=Classification.STRICTLY_CONFIDENTIAL
    )
    sc_reader, viewer = User.objects.get(username="unmik.sc"), User.objects.get(username="unmik.viewer")
    assert Incident.objects.visible_to(sc_reader).filter(pk__in=strictly).count() == strictly.count()
    assert not Incident.objects.visible_to(viewer).filter(pk__in=strictly).exists()


def test_a_demo_loaded_on_another_day_moves_the_same_incidents_instead_of_adding_new_ones():
    def run(day: str) -> None:
        _run("--mission", "UNMIK", "--today", day)

    synthetic = Incident.objects.filter(title__startswith="[SYNTHETIC] ")
    run("2026-03-01")
    ids = set(Incident.objects.values_list("external_id", flat=True))
    last = synthetic.order_by("-occurred_start").values_list("occurred_start", flat=True).first()
    run("2026-04-01")
    assert set(Incident.objects.values_list("external_id", flat=True)) == ids
    assert Incident.objects.count() == 200 + 1  # the scenario's, and the one the demo patrol made (once)
    assert synthetic.order_by("-occurred_start").values_list("occurred_start", flat=True).first() > last
    assert ChangeLogEntry.objects.filter(object_type="incidents.incident", action="update").exists()


def test_the_demo_sets_up_groups_and_an_agreement_that_releases_new_reports_to_kfor():
    from peaceops.incidents.services import create_incident
    from peaceops.sharing.models import OrganisationGroup
    from tests.factories import incident_data

    _run("--mission", "UNMIK")
    groups = {g.name: sorted(o.code for o in g.members.all()) for g in OrganisationGroup.objects.all()}
    assert groups == {"Mission partners": ["EULEX", "KFOR", "KP", "OSCE"], "UN family": ["UNDP", "UNHCR", "UNMIK"]}
    User = get_user_model()
    watch, kfor = User.objects.get(username="unmik.watch"), User.objects.get(username="kfor.reporter")
    mission = Incident.objects.filter(mission__code="UNMIK").first().mission
    covered = create_incident(acting_user=watch, mission=mission, data=incident_data(
        title="Explosive device found near the bridge", classification="CONFIDENTIAL",
        category_path="mission/explosive-hazard"))
    other = create_incident(acting_user=watch, mission=mission, data=incident_data(
        title="Shop burgled", classification="CONFIDENTIAL", category_path="mission/crime"))
    seen = set(Incident.objects.visible_to(kfor).filter(pk__in=[covered.pk, other.pk]).values_list("pk", flat=True))
    assert seen == {covered.pk}
    before = _state()
    _run("--mission", "UNMIK")  # a second load adds no second agreement or group
    assert OrganisationGroup.objects.count() == 2 and _state() == before
