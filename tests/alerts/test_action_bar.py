"""The action bar of an alert's page (alerts/_triage_actions.html), as a watch officer and an analyst see it
(django.test.Client): the officer finds Claim, Verify, Link, Task a response, Ask the reporter, Dismiss and Mark
as misconduct, each leading to its page or form, and Claim works from there; the analyst, who reads alerts but
may not triage them, sees none of them. A verified alert offers no second verification; one acted on before it
was verified stays acted on when it is (the reporter is never told it went back)."""

import pytest
from django.test import Client
from django.urls import reverse

from peaceops.alerts.choices import AlertStatus
from peaceops.alerts.services import AlertService
from peaceops.testing import world

pytestmark = pytest.mark.django_db

BUTTONS = ("action-claim", "action-verify", "action-link", "action-respond", "action-ask", "action-dismiss",
           "action-misconduct")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alert(mission, people):
    return AlertService().receive(mission, {"text": "Men with guns at the bridge, shooting in the air",
                                            "channel": "sms", "reporter_phone": "+38344123456"})


def page_of(user, alert) -> str:
    answer = signed_in(user).get(reverse("alerts:detail", args=[alert.pk]))
    assert answer.status_code == 200
    return answer.content.decode()


def test_the_watch_officer_sees_every_action_leading_to_its_page(alert, people):
    page = page_of(people["watch"], alert)
    for button in BUTTONS:
        assert f'id="{button}"' in page, button
    assert f'action="{reverse("triage:claim", args=[alert.pk])}"' in page
    for name in ("verify", "link", "dismiss", "misconduct"):
        assert f'href="{reverse(f"triage:{name}", args=[alert.pk])}"' in page
    assert 'href="#response-form"' in page and 'id="response-form"' in page  # the form the button leads to
    assert 'href="#ask-more-form"' in page and 'id="ask-more-form"' in page
    assert page.index('id="alert-text"') < page.index('id="triage-actions"') < page.index('id="record-fields"')


def test_claim_from_the_alerts_page_comes_back_to_it(alert, people):
    client = signed_in(people["watch"])
    here = reverse("alerts:detail", args=[alert.pk])
    answer = client.post(reverse("triage:claim", args=[alert.pk]), {"next": here})
    assert answer.status_code == 302 and answer["Location"] == here
    alert.refresh_from_db()
    assert alert.claimed_by == people["watch"] and alert.status == AlertStatus.CLAIMED
    page = client.get(here).content.decode()
    assert 'id="action-claim"' not in page and 'id="action-verify"' in page  # claimed: no second claim


def test_an_analyst_reads_the_alert_without_any_action(alert):
    page = page_of(world.person("analyst"), alert)
    assert "Men with guns at the bridge" in page
    assert 'id="triage-actions"' not in page
    for button in BUTTONS:
        assert f'id="{button}"' not in page, button
    assert 'id="response-form"' not in page and 'id="ask-more-form"' not in page


def test_a_verified_alert_offers_responses_but_no_second_verification(alert, people):
    AlertService().verify(alert, acting_user=people["watch"])
    page = page_of(people["watch"], alert)
    assert 'id="action-verify"' not in page and 'id="action-link"' not in page
    assert 'id="action-respond"' in page and 'id="action-dismiss"' in page


def test_a_closed_alert_says_so_and_offers_only_the_misconduct_mark(alert, people):
    AlertService().close(alert, acting_user=people["watch"])
    page = page_of(people["watch"], alert)
    assert 'id="actions-closed"' in page and 'id="action-misconduct"' in page
    for button in BUTTONS[:-1]:
        assert f'id="{button}"' not in page, button


def test_an_alert_acted_on_then_verified_stays_acted_on(alert, people):
    watch = people["watch"]
    AlertService().task(alert, acting_user=watch, kind="patrol", unit="Patrol 3")
    alert.refresh_from_db()
    assert 'id="action-verify"' in page_of(watch, alert)  # the incident may still be reported after the patrol
    verified = AlertService().verify(alert, acting_user=watch)
    assert verified.status == AlertStatus.ACTED_ON
    status = Client().get(reverse("alerts_public:status", args=[alert.reference])).content.decode()
    assert "Action taken" in status
