"""A conduct case from intake to closure in real browsers (issue 16), at the desk (1400 x 900) and on a phone
(390 x 844):

1. a KFOR reporter refers an allegation through /conduct/refer/, naming the victim apart, and gets the case's
   reference; the case's address answers 404 to them;
2. the conduct officer `cdo` (who receives allegations) finds it on the overview and in the notifications,
   opens it (the victim's name nowhere on the page), takes it as its owner (a referral comes without one), shows
   the victim's identity with a reason, and steps it through the pages: preliminary assessment (category I), referred to the contributing country (NIO
   requested), investigation, outcome substantiated with a final action (repatriation), closed, each with its
   reason; the timeline shows how the case was received (a referral by KFOR, no referrer named), then each step;
3. the mission administrator sees no case: not on the overview, not in the list, 404 on its address.

On the phone every page fits the screen (no sideways scroll) and every control of the forms used is a finger's
size. Screenshots in test-output/browser/conduct/ (also the overview and the case in Albanian)."""

import re

import pytest
from playwright.sync_api import expect

from peaceops.conduct.models import Case
from peaceops.testing import world
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_phones import DESK, PHONE, TOUCH, open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = SCREENSHOTS / "conduct"
VICTIM = "Drita Testhoxha"
PHONE_NUMBER = "+383 44 000 111"
SUMMARY = "Transactional sex alleged near the team site at the bridge, in exchange for food"
#: The steps after intake: (status, its label on the timeline, the fields filled, the reason).
STEPS = (
    ("assessment", "Preliminary assessment", {"category": "I"}, "SEA allegation: category I"),
    (
        "referred",
        "Referred",
        {"investigator": "tcc", "nio_requested_on": "2026-11-05"},
        "Military contingent: the contributing country investigates",
    ),
    (
        "investigation",
        "Under investigation",
        {"investigation_started_on": "2026-11-10", "nio_appointed": "yes"},
        "NIO appointed and at work",
    ),
    (
        "outcome",
        "Outcome known",
        {
            "outcome": "substantiated",
            "investigation_ended_on": "2026-12-01",
            "action_label": "Repatriation",
            "action_by": "UN",
            "action_count": "1",
        },
        "Investigation report received",
    ),
    ("closed", "Closed", {}, "Final action taken, victim assisted"),
)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fits(page, size: str, touch: bool = True) -> None:
    """On a phone: no sideways scroll, and (`touch`: a conduct page) every shown control a finger's size."""
    if size != "phone":
        return
    width = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert width <= 0, f"{page.url} scrolls sideways by {width} px"
    if not touch:
        return
    small = page.evaluate(
        """(touch) => {
        const shown = el => el.offsetParent !== null && el.type !== 'hidden';
        return [...document.querySelectorAll('main input, main select, main textarea, main button, main a.button')]
          .filter(shown)
          .filter(el => {
            const own = el.getBoundingClientRect().height;
            const label = Math.max(0, ...[...(el.labels || [])].map(l => l.getBoundingClientRect().height));
            return Math.max(own, (el.type === 'checkbox' || el.type === 'radio') ? label : 0) < touch;
          })
          .map(el => `${el.name || el.id || el.textContent.trim()} ${el.getBoundingClientRect().height}`);
    }""",
        TOUCH,
    )
    assert small == [], f"{page.url}: controls under {TOUCH} px: {small}"


def labelled(page, form: str) -> None:
    """Every shown field of `form` has a label a screen reader reads."""
    unlabelled = page.evaluate(
        """(form) => [...document.querySelectorAll(form + ' input, ' + form + ' select, '
                                                                    + form + ' textarea')]
        .filter(el => el.type !== 'hidden' && el.offsetParent !== null)
        .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
        .map(el => el.name)""",
        form,
    )
    assert unlabelled == [], unlabelled


def refer(page, size: str) -> str:
    """KFOR's reporter refers the allegation; the receipt's reference."""
    page.goto("/conduct/refer/")
    fits(page, size)
    labelled(page, "#referral-form")
    # A mistake keeps what was typed: the form comes back with the summary and the name still there.
    page.fill("#id_summary", SUMMARY)
    page.fill("#id_person_name", VICTIM)
    page.fill("#id_incident_from", "2026-11-20")
    page.evaluate("document.querySelector('#id_incident_from').type = 'text'")  # a phone's keyboard, a typo
    page.fill("#id_incident_from", "20.11.2026x")
    page.click("#referral-submit")
    expect(page.locator("#field-incident_from")).to_contain_text("date")
    assert page.input_value("#id_summary") == SUMMARY
    assert page.input_value("#id_person_name") == VICTIM
    page.fill("#id_incident_from", "2026-11-02")
    page.select_option("#id_personnel_category", "military_contingent")
    page.select_option("#id_person_role", "victim")
    page.fill("#id_person_contact", PHONE_NUMBER)
    fits(page, size)
    shot(page, f"{size}-1-refer")
    page.click("#referral-submit")
    reference = page.inner_text("#reference").strip()
    assert re.fullmatch(r"UNMIK-CDT-\d{4}-\d{4}", reference), reference
    assert VICTIM not in page.content() and SUMMARY not in page.content()
    fits(page, size)
    shot(page, f"{size}-2-referred")
    return reference


def step_through(page, size: str) -> None:
    """From the case's page to its step page, then every step to closure, each with its reason."""
    page.click("#case-step-link")
    expect(page.locator("#case-step-form")).to_be_visible()
    # At "received" the form asks what the preliminary assessment records, not the outcome nor the closure.
    expect(page.locator("#case-step-form [name=category]")).to_be_visible()
    for later in ("outcome", "closed_on", "investigator"):
        expect(page.locator(f"#case-step-form [name={later}]")).to_have_count(0)
    fits(page, size)
    labelled(page, "#case-step-form")
    for number, (to, label, fields, reason) in enumerate(STEPS, start=1):
        form = page.locator("#case-step-form")
        form.locator("select[name=to]").select_option(to)
        for name, value in fields.items():
            field = form.locator(f"[name={name}]")
            if field.evaluate("el => el.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)
        form.locator("textarea[name=reason]").fill(reason)
        if to in ("referred", "outcome"):
            fits(page, size)
            shot(page, f"{size}-6-step-{to}")
        form.locator("#case-step-save").click()
        expect(page.locator("#case-workflow")).to_have_attribute("data-status", to)
        steps = page.locator("#case-timeline li")
        expect(steps).to_have_count(number + 1)  # the first row: the case received
        expect(steps.nth(number)).to_contain_text(label)
        expect(steps.nth(number)).to_contain_text(reason)
    received = page.locator("#case-timeline li").first
    expect(received).to_have_id("timeline-received")
    expect(received).to_contain_text("Received")
    expect(received).to_contain_text("Referral by KFOR")
    expect(received).not_to_contain_text("kfor")  # the organisation refers; its member is not named
    expect(page.locator("#case-step-form")).to_have_count(0)  # closed: no step left
    fits(page, size)
    shot(page, f"{size}-7-closed-timeline")


def run(browser, live_server, size: str) -> None:
    viewport = PHONE if size == "phone" else DESK

    # 1. KFOR refers; the case is not theirs to read.
    context, kfor = open_page(browser, live_server, "kfor", viewport)
    reference = refer(kfor, size)
    case = Case._base_manager.get(reference=reference)
    assert kfor.goto(f"/conduct/cases/{case.pk}/").status == 404
    assert kfor.goto(f"/conduct/cases/{case.pk}/step/").status == 404
    context.close()

    # 2. The conduct officer finds it, opens it, shows the identity, steps it to closure.
    context, cdo = open_page(browser, live_server, "cdo", viewport)
    cdo.goto("/conduct/")
    expect(cdo.locator(f"#conduct-my-cases li[data-case='{reference}']")).to_be_visible()
    fits(cdo, size)
    shot(cdo, f"{size}-3-overview")
    cdo.goto("/notifications/")
    note = cdo.locator("main a", has_text=reference)
    expect(note).to_be_visible()
    assert VICTIM not in cdo.content()
    fits(cdo, size, touch=False)  # the notifications' page is not conduct's
    shot(cdo, f"{size}-4-notifications")
    note.click()  # the notification opens the case
    expect(cdo.locator("#case-reference")).to_have_text(reference)
    expect(cdo.locator("#case-classification")).to_have_text("Strictly confidential")  # a referral is, too
    expect(cdo.locator("#field-summary")).to_contain_text(SUMMARY)
    assert VICTIM not in cdo.content() and PHONE_NUMBER not in cdo.content()
    fits(cdo, size)
    shot(cdo, f"{size}-5-case")
    # A referral has no owner: the receiving officer takes it, and is told of break-glass accesses from then on.
    expect(cdo.locator("#case-owner")).to_contain_text("no owner yet")
    cdo.click("#case-take")
    expect(cdo.locator("#case-owner")).to_have_text("cdo")
    expect(cdo.locator("#case-take")).to_have_count(0)
    person = cdo.locator("#people-list tr[data-person]")
    expect(person).to_have_count(1)
    expect(person).to_contain_text("Victim")
    show = person.locator("form.person-reveal button[type=submit]")
    show.scroll_into_view_if_needed()
    box = show.bounding_box()  # on the screen, not scrolled away within the card
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    person.locator("form.person-reveal input[name=reason]").fill("To call the victim about assistance")
    person.locator("form.person-reveal button[type=submit]").click()
    expect(cdo.locator("#identity-name")).to_have_text(VICTIM)
    expect(cdo.locator("#identity-contact")).to_have_text(PHONE_NUMBER)
    fits(cdo, size)
    shot(cdo, f"{size}-5-identity")
    cdo.click("#case-link")  # back to the case's page
    expect(cdo.locator("#case-reference")).to_have_text(reference)
    assert VICTIM not in cdo.content()
    step_through(cdo, size)
    cdo.click("#case-link")  # the step page leads back to the case
    expect(cdo.locator("#case-status")).to_have_text("Closed")
    expect(cdo.locator("#field-outcome")).to_contain_text("Substantiated")
    expect(cdo.locator("#record")).to_contain_text("Repatriation")
    assert VICTIM not in cdo.content()
    fits(cdo, size)
    shot(cdo, f"{size}-8-case-closed")
    context.close()

    # 3. The mission administrator sees no case.
    context, admin = open_page(browser, live_server, "admin", viewport)
    assert admin.goto("/conduct/").status == 200
    assert reference not in admin.content()
    expect(admin.locator("#conduct-my-cases")).to_have_count(0)
    list_status = admin.goto("/conduct/cases/").status
    assert list_status == 403 or admin.locator("table tbody tr a").count() == 0, list_status
    assert reference not in admin.content()
    assert admin.goto(f"/conduct/cases/{case.pk}/").status == 404
    assert admin.goto(f"/conduct/cases/{case.pk}/step/").status == 404
    assert admin.goto(f"/conduct/cases/{case.pk}/people/").status == 404
    shot(admin, f"{size}-9-admin-404")
    context.close()


@pytest.mark.parametrize("size", ["desk", "phone"])
def test_a_referral_to_closure(browser, live_server, mission, people, size):
    world.people("cdo", "cdo2")
    run(browser, live_server, size)


def test_the_overview_and_a_case_in_albanian(browser, live_server, mission, people):
    cdo = world.person("cdo")
    from peaceops.conduct.services import CaseService

    case = CaseService().create(
        acting_user=cdo,
        mission=mission,
        data={
            "summary": SUMMARY,
            "reported_on": "2026-11-03",
            "personnel_category": "military_contingent",
            "subjects": 1,
            "nationality": "POL",
            "victims": [{"age_group": "adult", "count": 1}],
            "allegations": [{"position": 0, "kind": "transactional_sex", "label": ""}],
        },
    )
    for size, viewport in (("desk", DESK), ("phone", PHONE)):
        context, page = open_page(browser, live_server, "cdo", viewport)
        page.goto("/conduct/")
        if size == "phone":  # the language switch is in the header's menu
            page.click("#menu-toggle")
        with page.expect_navigation():
            page.select_option("#language-switch", "sq")
        assert page.get_attribute("html", "lang") == "sq"
        fits(page, size)
        shot(page, f"{size}-sq-overview")
        page.goto(f"/conduct/cases/{case.pk}/")
        assert page.get_attribute("html", "lang") == "sq"
        fits(page, size)
        shot(page, f"{size}-sq-case")
        page.goto(f"/conduct/cases/{case.pk}/step/")
        fits(page, size)
        shot(page, f"{size}-sq-step")
        context.close()
