"""The patrol loop of issue 15 in real browsers: UNMIK's watch officer draws a patrol route on the map, joint with
KFOR, saves; uploads a GPX track near the route and sees the track card and the map take it; starts the patrol,
records an observation and makes it an incident with one click; the incident's page links back to the patrol;
records the roadblock it met through the restrictions card (the edit form's rows).
Then a KFOR user sees the joint patrol in the list of all patrols and on its page, and never the UN-only patrol
planned beforehand (UNMIK, CONFIDENTIAL, not released): its page answers 404.

Every page is watched for console errors and uncaught exceptions; the test fails on any. Screenshots at 1400 x 900
and 390 x 844 in test-output/browser/patrol-loop-*.png."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from peaceops.incidents.models import Incident
from peaceops.operations.models import Patrol
from peaceops.operations.services import PatrolService
from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.browser.test_patrol_planning import map_ready, units  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1400, "height": 900}
NAME = "Joint foot patrol Mitrovica North"
UN_ONLY = "UN patrol Leposavić"


def shot(page, name: str, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"patrol-loop-{name}.png"), full_page=full_page)


def watched(page) -> list:
    """The console errors and uncaught exceptions of `page`, as they come."""
    errors = []
    page.on("console", lambda message: errors.append(f"console: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    return errors


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"{page.url} scrolls sideways: {width} px"


def gpx_along(path: list, start: datetime, points: int = 25) -> bytes:
    """A GPX track of `points` positions, one a minute, along `path` ([[lon, lat], ...]) with a little wobble."""
    legs = list(zip(path, path[1:], strict=False))
    rows = []
    for i in range(points):
        f = i / (points - 1) * len(legs)
        leg = min(int(f), len(legs) - 1)
        (x0, y0), (x1, y1) = legs[leg]
        t = f - leg
        wobble = 0.0002 * (1 if i % 2 else -1)
        lon, lat = x0 + (x1 - x0) * t + wobble, y0 + (y1 - y0) * t
        at = (start + timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append(f'<trkpt lat="{lat:.6f}" lon="{lon:.6f}"><time>{at}</time></trkpt>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="test" '
            'xmlns="http://www.topografix.com/GPX/1/1"><trk><name>patrol</name><trkseg>'
            + "".join(rows) + "</trkseg></trk></gpx>").encode()


@pytest.fixture
def un_only(mission, people):
    """A UN-only patrol planned beforehand: UNMIK's, CONFIDENTIAL, released to nobody."""
    return PatrolService().create(acting_user=people["watch"], mission=mission, data={
        "name": UN_ONLY, "patrol_type": "mobile", "path": [[20.75, 43.1], [20.8, 43.12]],
        "planned_start": "2026-03-01T06:00:00Z", "planned_end": "2026-03-01T10:00:00Z",
        "classification": "CONFIDENTIAL"})


@pytest.fixture
def contexts(browser, live_server):
    made = []

    def make(viewport):
        context = browser.new_context(base_url=live_server.url, viewport=viewport)
        context.set_default_timeout(20_000)
        made.append(context)
        return context.new_page()

    yield make
    for context in made:
        context.close()


def test_plan_draw_track_observe_incident_and_the_partner_sees_only_the_joint_patrol(
        contexts, units, un_only, orgs):  # noqa: F811
    assert un_only.released_organisations() == []
    officer = contexts(DESK)
    errors = watched(officer)

    # Plan: draw the route on the map, joint with KFOR, save.
    sign_in(officer, "watch", next_path="/operations/patrols/new/")
    assert map_ready(officer)["points"] == "0"
    officer.fill("#id_name", NAME)
    officer.select_option("#id_patrol_type", "foot")
    officer.select_option("#id_joint_with", str(orgs["KFOR"].pk))
    officer.fill("#id_planned_start", "2026-03-01T08:00")
    officer.fill("#id_planned_end", "2026-03-01T14:00")
    canvas = officer.locator("#patrol-map canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    for fx, fy in ((0.35, 0.4), (0.5, 0.5), (0.65, 0.45)):
        officer.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
    officer.wait_for_function("() => document.querySelector('#patrol-map').dataset.points === '3'")
    officer.check(f"input[name=units][value='{units[0].pk}']")
    officer.click("#record-save")
    officer.wait_for_selector("#patrol-map-card")
    patrol = Patrol.objects.get(name=NAME)
    assert len(patrol.path) == 3 and patrol.joint_with_id == orgs["KFOR"].pk
    expect(officer.locator("#patrol-joint")).to_contain_text("KFOR")
    assert map_ready(officer)["trackPoints"] == "0"
    expect(officer.locator("#track-none")).to_be_visible()

    # Upload a GPX track along the route: the track card counts its positions and length, the map draws it.
    officer.set_input_files("#track-file", files=[{
        "name": "patrol.gpx", "mimeType": "application/gpx+xml",
        "buffer": gpx_along(patrol.path, datetime(2026, 3, 1, 8, 5, tzinfo=UTC))}])
    officer.click("#track-upload button[type=submit]")
    expect(officer.locator("#track-points")).to_have_text("25")
    length = float(officer.get_attribute("#track-length", "data-metres"))
    patrol.refresh_from_db()
    assert length > 100 and abs(length - patrol.track.length_m) < 1
    assert officer.inner_text("#track-length") == f"{patrol.track.length_m / 1000:.2f} km"  # people read kilometres
    assert map_ready(officer)["trackPoints"] != "0"
    shot(officer, "track-desk")

    # Start the patrol, record an observation, make it an incident.
    officer.click("#patrol-step-start button[type=submit]")
    expect(officer.locator("#patrol-run")).to_have_attribute("data-status", "under_way")
    form = officer.locator("#observation-form")
    form.locator("input[name=observed_at]").fill("2026-03-01T08:15")
    form.locator("textarea[name=text]").fill("Burnt-out car blocking the road to the bridge, crowd gathering")
    form.locator("button[type=submit]").click()
    observation = officer.locator("#observation-list li[data-observation]")
    expect(observation).to_contain_text("Burnt-out car")
    observation.locator("button.make-incident").click()
    officer.wait_for_load_state("load")
    if officer.locator("#observation-incident-form").count():  # no position known: the prefilled form asks where
        place = officer.locator("#observation-incident-form")
        assert "Burnt-out car" in place.locator("input[name=title]").input_value()
        place.locator("input[name=lon]").fill(str(patrol.path[1][0]))
        place.locator("input[name=lat]").fill(str(patrol.path[1][1]))
        place.locator("button[type=submit]").click()
    link = officer.locator("#observation-list a.observation-incident")
    expect(link).to_be_visible()
    incident = Incident.objects.get(pk=patrol.observations.get().incident_id)

    # The roadblock the patrol met: the restrictions card's button opens the edit form at its rows.
    expect(officer.locator("#children-restrictions")).to_contain_text("None recorded.")
    officer.click("#add-restrictions")
    officer.wait_for_url(re.compile(rf"/operations/patrols/{patrol.pk}/edit/#formset-restrictions$"))
    rows = officer.locator("#formset-restrictions")
    rows.locator("input[name='restrictions-0-at']").fill("2026-03-01 08:40")
    rows.locator("select[name='restrictions-0-kind']").select_option("roadblock")
    rows.locator("input[name='restrictions-0-place']").fill("Road to the bridge")
    no_sideways_scroll(officer)
    officer.click("#record-save")
    officer.wait_for_url(re.compile(rf"/operations/patrols/{patrol.pk}/(#.*)?$"))  # the browser keeps the fragment
    restrictions = officer.locator("#children-restrictions")
    expect(restrictions).to_contain_text("Roadblock")
    expect(restrictions).to_contain_text("Road to the bridge")
    assert list(patrol.restrictions.values_list("kind", "place")) == [("roadblock", "Road to the bridge")]
    assert map_ready(officer)["trackPoints"] != "0"  # the map drawn and fitted before the screenshot
    shot(officer, "patrol-desk")
    officer.set_viewport_size(PHONE)
    officer.reload()
    map_ready(officer)
    no_sideways_scroll(officer)
    shot(officer, "patrol-phone")
    officer.set_viewport_size(DESK)
    link.click()
    officer.wait_for_url(f"**/incidents/{incident.pk}/")
    linked = officer.locator("#record-links-related")
    expect(linked).to_contain_text("Linked records")
    expect(linked.locator(f"a[href$='/operations/patrols/{patrol.pk}/']")).to_have_text(NAME)
    shot(officer, "incident-desk")
    assert not errors, errors

    # KFOR sees the joint patrol, on the list and its page, and not the UN-only one.
    partner = contexts(PHONE)
    partner_errors = watched(partner)
    sign_in(partner, "kfor", next_path="/operations/patrols/?view=all")
    table = partner.locator("#patrol-table")
    expect(table.locator("a", has_text=NAME)).to_be_visible()
    expect(table).not_to_contain_text(UN_ONLY)
    no_sideways_scroll(partner)
    shot(partner, "kfor-list-phone")
    partner.set_viewport_size(DESK)
    shot(partner, "kfor-list-desk")
    table.locator("a", has_text=NAME).click()
    partner.wait_for_url(f"**/operations/patrols/{patrol.pk}/")
    expect(partner.locator("#patrol-joint")).to_contain_text("KFOR")
    assert map_ready(partner)["trackPoints"] != "0"
    shot(partner, "kfor-patrol-desk")
    partner.set_viewport_size(PHONE)
    partner.reload()
    map_ready(partner)
    no_sideways_scroll(partner)
    shot(partner, "kfor-patrol-phone")
    assert not partner_errors, partner_errors
    answer = partner.goto(f"/operations/patrols/{un_only.pk}/")
    assert answer.status == 404
    assert UN_ONLY not in partner.content()


PHONE_PAGES = (("force-overview", "/force/"), ("force-wps", "/force/wps/"), ("force-unit", "/force/units/{unit}/"),
               ("checkpoint-shift-new", "/operations/checkpoint-shifts/new/"), ("coverage", "/analytics/coverage/"))

#: The tables (or, on a form, the fieldsets) whose right-hand columns a phone hides: their boxes scroll sideways.
CLIPPED = """(forms) => [...document.querySelectorAll(forms ? 'fieldset' : 'table.data')]
    .filter((el) => el.offsetParent !== null)
    .map((el) => [el.id || el.className, (forms ? el : el.parentElement).scrollWidth,
                  (forms ? el.parentElement : el.parentElement).clientWidth, el.getBoundingClientRect().right])
    .filter(([, wide, room, right]) => wide > room + 1 || right > window.innerWidth + 1)
    .map(([name, wide, room, right]) => `${name} is ${wide} px wide in ${room} px (right edge ${right})`)"""

#: The COP's layer toggles and legend rows cut off at the right edge of the phone.
LEGEND_CLIPPED = """() => [...document.querySelectorAll('#cop-layers label, #cop-layers .legend-row')]
    .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().right > window.innerWidth + 1)
    .map((el) => el.textContent.trim())"""


def test_the_operations_pages_on_a_phone_at_3am(contexts, un_only):
    """What the duty officer sees on a phone: the force overview, the WPS figures, a unit with its strengths, a new
    checkpoint shift, the coverage table and the COP with the patrols and coverage layers on; none scrolls
    sideways, none logs a JavaScript error."""
    from peaceops.force.models import Unit
    from peaceops.sites.services import SiteService
    from tests.force import registry_example

    built = registry_example.build()
    SiteService().create(acting_user=built["admin"], mission=built["mission"], data={
        "name": "Checkpoint Jarinje", "site_type": "checkpoint", "lon": 20.77, "lat": 43.14,
        "classification": "PUBLIC"})
    unit = Unit.objects.filter(strengths__isnull=False).order_by("name").first()
    phone = contexts(PHONE)
    errors = watched(phone)
    sign_in(phone, "admin", next_path="/force/")
    problems = []
    for name, url in PHONE_PAGES:
        answer = phone.goto(url.format(unit=unit.pk))
        assert answer.status == 200, url
        phone.wait_for_load_state("load")
        shot(phone, f"phone-{name}")
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"] + 1:
            problems.append(f"{url} scrolls sideways: {width} px")
        problems += [f"{url}: {clipped}" for clipped in phone.evaluate(CLIPPED, name == "checkpoint-shift-new")]
    phone.goto("/")
    if phone.locator("#cop-tab-filters").is_visible():  # on a phone the layers are in the "Filters and layers" tab
        phone.click("#cop-tab-filters")
    for key in ("patrols", "coverage"):
        phone.check(f"#layer-{key}-on")
        phone.wait_for_function(f"() => ['ready', 'error'].includes(document.querySelector('#cop-layers')"
                                f".dataset.{key})", timeout=20_000)
        assert phone.evaluate(f"document.querySelector('#cop-layers').dataset.{key}") == "ready", key
    legend = phone.locator("#cop-layers")
    expect(legend.locator(".legend-row[data-layer=checkpoints]")).to_have_text("Checkpoint")  # not "Deployment site"
    expect(legend.locator(".legend-row[data-layer=patrols]")).to_contain_text("dashed: planned route")
    phone.locator("#cop-layers").scroll_into_view_if_needed()
    phone.locator("#cop-layers").screenshot(path=str(SCREENSHOTS / "patrol-loop-phone-cop-layers.png"))
    problems += [f"the COP's legend: {clipped}" for clipped in phone.evaluate(LEGEND_CLIPPED)]
    phone.evaluate("window.scrollTo(0, 0)")
    shot(phone, "phone-cop-map", full_page=False)
    width = phone.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"] + 1:
        problems.append(f"the COP scrolls sideways: {width} px")
    assert not errors, errors
    assert not problems, "\n".join(problems)
