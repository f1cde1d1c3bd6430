"""The dashboard's numbers against an independent count of the seeded incidents, per user's visibility."""

import datetime as dt
from collections import Counter, defaultdict

import pytest

from peaceops.testing.world import Seed, create, make_areas, random_seeds, visible_to_org

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 3, 15)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _group(path: str) -> str:
    return "/".join(path.split("/")[:2]) if path else ""


def expected_weekly(seeds):
    """{(monday, group): (incidents, fatalities)} over the 26 weeks ending with AS_OF's week."""
    first = _monday(AS_OF) - dt.timedelta(weeks=25)
    counts: dict = defaultdict(lambda: [0, 0])
    for s in seeds:
        day = s.occurred.date()
        if first <= day <= AS_OF:
            cell = counts[(_monday(day), _group(s.category))]
            cell[0] += 1
            cell[1] += s.fatalities
    return {k: tuple(v) for k, v in counts.items()}


def shown_weekly(context):
    shown = {}
    for series in context["weekly"].series:
        for week, n, killed in zip(context["weekly"].weeks, series.incidents, series.fatalities, strict=True):
            if n or killed:
                shown[(week, series.path)] = (n, killed)
    return shown


@pytest.fixture
def seeded(mission, people):
    make_areas(mission)
    seeds = random_seeds(90, dt.date(2024, 12, 1), dt.date(2026, 3, 25))
    create(seeds, mission, people)
    return seeds


@pytest.mark.parametrize("who,org", [("watch", "UNMIK"), ("kfor", "KFOR")])
def test_weekly_counts_equal_an_independent_count(client_as, people, seeded, who, org):
    response = client_as(people[who]).get(f"/dashboard/?as_of={AS_OF}")
    assert response.status_code == 200
    visible = [s for s in seeded if visible_to_org(s, org)]
    assert shown_weekly(response.context) == expected_weekly(visible)
    assert len(response.context["weekly"].weeks) == 26


def test_kfor_dashboard_excludes_an_unmik_only_confidential_incident(client_as, people, mission):
    make_areas(mission)
    moment = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
    common = dict(occurred=moment, category="mission/inter-ethnic", injured=0, municipality="Westmark")
    create([Seed(**common, fatalities=1, classification="PUBLIC", owner="UNMIK", title="Public clash"),
            Seed(**common, fatalities=7, classification="CONFIDENTIAL", owner="UNMIK", title="UNMIK-only report")],
           mission, people)
    url = f"/dashboard/?as_of={AS_OF}&day=2026-03-10"
    unmik = client_as(people["watch"]).get(url)
    assert [(s.total_incidents, s.total_fatalities) for s in unmik.context["weekly"].series] == [(2, 8)]
    kfor = client_as(people["kfor"]).get(url)
    assert [(s.total_incidents, s.total_fatalities) for s in kfor.context["weekly"].series] == [(1, 1)]
    assert [(a.name, a.this_month) for a in kfor.context["areas"]] == [("Westmark", 1)]
    assert kfor.context["report"].incidents == 1 and kfor.context["report"].fatalities == 1
    page = kfor.content.decode()
    assert "Public clash" in page and "UNMIK-only report" not in page
    assert "UNMIK-only report" in unmik.content.decode()


@pytest.mark.parametrize("who,org", [("watch", "UNMIK"), ("kfor", "KFOR")])
def test_top_municipalities_this_month_against_their_average(client_as, people, seeded, who, org):
    response = client_as(people[who]).get(f"/dashboard/?as_of={AS_OF}")
    visible = [s for s in seeded if visible_to_org(s, org) and s.municipality]
    month_start = AS_OF.replace(day=1)
    this_month = Counter(s.municipality for s in visible if month_start <= s.occurred.date() <= AS_OF)
    before = Counter(s.municipality for s in visible if dt.date(2025, 3, 1) <= s.occurred.date() < month_start)
    shown = {a.name: (a.this_month, a.monthly_average) for a in response.context["areas"]}
    assert shown == {name: (n, before[name] / 12) for name, n in this_month.items()}
    ordered = [a.this_month for a in response.context["areas"]]
    assert ordered == sorted(ordered, reverse=True)


def test_situation_report_groups_the_days_incidents_by_region(client_as, people, seeded):
    visible = [s for s in seeded if visible_to_org(s, "UNMIK")]
    day = max(Counter(s.occurred.date() for s in visible).items(), key=lambda kv: (kv[1], kv[0]))[0]
    response = client_as(people["watch"]).get(f"/dashboard/?as_of={AS_OF}&day={day}")
    report = response.context["report"]
    todays = [s for s in visible if s.occurred.date() == day]
    assert len(todays) >= 2
    by_region = Counter(s.region or "Outside any region" for s in todays)
    assert {r.name: r.incidents for r in report.regions} == dict(by_region)
    assert {r.name: sorted(i.title for i in r.listed) for r in report.regions} == {
        name: sorted(s.title for s in todays if (s.region or "Outside any region") == name) for name in by_region}
    assert report.fatalities == sum(s.fatalities for s in todays)
    page = response.content.decode()
    for s in todays:
        assert s.title in page


def test_default_report_day_is_yesterday(client_as, people):
    from django.utils import timezone

    response = client_as(people["watch"]).get("/dashboard/")
    assert response.context["day"] == timezone.now().date() - dt.timedelta(days=1)


def test_bad_day_is_a_clear_error(client_as, people):
    response = client_as(people["watch"]).get("/dashboard/?day=2026-02-30")
    assert response.status_code == 400
    assert "day" in response.content.decode() and "YYYY-MM-DD" in response.content.decode()


def test_areas_are_named_in_the_users_language(client_as, people, mission):
    make_areas(mission)
    create([Seed(dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC), "mission/crime", 0, 0, municipality,
                 "PUBLIC", "UNMIK", f"Theft {municipality}") for municipality in ("Westmark", "Northeast")],
           mission, people)
    client = client_as(people["watch"])
    client.post("/i18n/setlang/", {"language": "sq", "next": "/dashboard/"})
    response = client.get(f"/dashboard/?as_of={AS_OF}")
    assert sorted(a.name for a in response.context["areas"]) == ["Northeast (sq)", "Westmark (sq)"]


def test_chart_draws_one_bar_piece_per_week_and_category(client_as, people, seeded):
    import re

    response = client_as(people["watch"]).get(f"/dashboard/?as_of={AS_OF}")
    page = response.content.decode()
    expected = expected_weekly([s for s in seeded if visible_to_org(s, "UNMIK")])
    names = {s.path: s.name for s in response.context["weekly"].series}
    wide = page[page.index('id="chart-incidents"'):page.index('id="chart-incidents-phone"')]
    phone = page[page.index('id="chart-incidents-phone"'):page.index('id="chart-fatalities"')]
    for chart in (wide, phone):  # the desk's chart and the phone's draw the same pieces
        pieces = re.findall(r"<rect [^>]*><title>(\d{4}-\d\d-\d\d): (.+?) (\d+)</title></rect>", chart)
        assert sorted((dt.date.fromisoformat(w), name, int(n)) for w, name, n in pieces) == sorted(
            (week, names[group], n) for (week, group), (n, _killed) in expected.items() if n)


def test_empty_weeks_offer_the_weeks_up_to_the_latest_incident(client_as, people, seeded):
    """A mission whose data stops in the past (a historical import) shows empty charts for this year; the page
    names the latest incident the user can see and links to the 26 weeks up to it, which are not empty."""
    client = client_as(people["watch"])
    response = client.get("/dashboard/?as_of=2027-06-01")
    latest = max(s.occurred for s in seeded if visible_to_org(s, "UNMIK")).date()
    assert response.context["latest_earlier"] == latest
    assert f"The latest incident you can see started on {latest}" in response.content.decode()
    shown = client.get(f"/dashboard/?as_of={latest}&day={latest}")
    assert shown.context["weekly"].series
    assert "latest-earlier" not in shown.content.decode()
