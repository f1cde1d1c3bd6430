"""Alert rules as a watch officer meets them: written on the page (or from a list's "Notify me of new records
like these"), firing for each new record like the ones chosen, in the app, by e-mail and by SMS, once; never
for a record its owner may not see; paused; and another user's rule out of reach."""

from django.test import Client

from peaceops.messaging.models import OutboundMessage
from peaceops.notices.models import Notification, Subscription
from peaceops.notices.rule_views import shown_sms_number
from peaceops.notices.rules import records_ready
from peaceops.sites.models import Site

from .conftest import NUMBER, signed_in


def write_rule(client: Client, record_type="sites.site", **fields):
    body = {"record_type": record_type, "rule-name": "Camps", "rule-in_app": "on", **fields}
    return client.post("/subscriptions/new/", body)


def told(user, site) -> list[Notification]:
    return list(Notification.objects.filter(user=user, related_id=str(site.pk)))


def test_a_rule_tells_in_the_app_by_email_and_by_sms_once_for_a_matching_new_record(unmik, new_site):
    watch = unmik["watch"]
    client = signed_in(watch)
    response = write_rule(client, site_type="camp", q="Zubin", **{"rule-by_email": "on", "rule-by_sms": "on",
                                                                  "rule-sms_number": "+383 44 123 456"})
    assert response.status_code == 302 and response["Location"] == "/subscriptions/"
    rule = Subscription.objects.get(user=watch)
    assert rule.conditions == {"site_type": ["camp"], "q": "Zubin"} and rule.sms_number == NUMBER

    site = new_site("Camp Zubin Potok", site_type="camp")

    [notification] = told(watch, site)
    assert notification.url == f"/sites/{site.pk}/" and "Camp Zubin Potok" in notification.text
    sent = OutboundMessage.objects.filter(related_type="sites.site", related_id=str(site.pk))
    assert sorted(sent.values_list("channel", "recipient")) == [("email", "watch@unmik.example"), ("sms", NUMBER)]
    assert all("Camp Zubin Potok" in message.body for message in sent)

    assert records_ready(Site, [site]) == 0  # once: the rule has fired for this record
    assert len(told(watch, site)) == 1 and sent.count() == 2


def test_a_rule_does_not_fire_for_a_record_unlike_the_ones_chosen(unmik, new_site):
    watch = unmik["watch"]
    write_rule(signed_in(watch), site_type="camp")
    other_type = new_site("Team site Leposavic", site_type="team_site")
    assert told(watch, other_type) == [] and not OutboundMessage.objects.exists()


def test_a_rule_never_fires_for_a_record_its_owner_may_not_see(unmik, new_site):
    kfor = unmik["kfor"]  # a KFOR reporter in UNMIK
    assert write_rule(signed_in(kfor)).status_code == 302  # every new site
    unmik_only = new_site("UNMIK team site", classification="CONFIDENTIAL")
    public = new_site("Public team site", classification="PUBLIC")
    assert told(kfor, unmik_only) == []
    assert len(told(kfor, public)) == 1
    watch_rule = Subscription.objects.create(user=unmik["watch"], mission=unmik["mission"], record_type="sites.site")
    assert records_ready(Site, [unmik_only]) == 1  # UNMIK's own watch officer sees it
    assert watch_rule.hits.get().record_id == str(unmik_only.pk)


def test_a_paused_rule_tells_nothing_until_resumed(unmik, new_site):
    watch = unmik["watch"]
    client = signed_in(watch)
    write_rule(client)
    rule = Subscription.objects.get(user=watch)
    assert client.post(f"/subscriptions/{rule.pk}/pause/").status_code == 302
    assert told(watch, new_site("While paused")) == []
    client.post(f"/subscriptions/{rule.pk}/pause/")
    assert len(told(watch, new_site("Once resumed"))) == 1
    page = client.get("/subscriptions/").content.decode()
    assert "Camps" in page and "Site type: Camp" not in page  # no condition: every new site
    assert client.post(f"/subscriptions/{rule.pk}/delete/").status_code == 302
    assert not Subscription.objects.filter(pk=rule.pk).exists()


def test_the_list_page_offers_a_rule_with_its_current_filters(unmik):
    client = signed_in(unmik["watch"])
    page = client.get("/sites/", {"site_type": "camp", "q": "Zubin", "page": "1"}).content.decode()
    assert 'href="/subscriptions/new/?site_type=camp&amp;q=Zubin&amp;record_type=sites.site"' in page
    form = client.get("/subscriptions/new/?site_type=camp&q=Zubin&record_type=sites.site").content.decode()
    assert '<option value="camp" selected>' in form and 'value="Zubin"' in form
    assert 'name="record_type" value="sites.site"' in form


def test_a_rule_form_refuses_no_channel_and_sms_without_a_number(unmik):
    client = signed_in(unmik["viewer"])  # no e-mail address
    response = client.post("/subscriptions/new/", {"record_type": "sites.site", "rule-by_sms": "on",
                                                   "rule-by_email": "on"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Give the number to send the SMS to." in page and "Your account has no e-mail address." in page
    assert client.post("/subscriptions/new/", {"record_type": "sites.site"}).status_code == 422
    assert not Subscription.objects.exists()


def test_another_users_rule_is_404_and_its_number_masked(unmik):
    watch, viewer = unmik["watch"], unmik["viewer"]
    rule = Subscription.objects.create(user=watch, mission=unmik["mission"], record_type="sites.site",
                                       by_sms=True, sms_number=NUMBER)
    other = signed_in(viewer)
    assert other.post(f"/subscriptions/{rule.pk}/pause/").status_code == 404
    assert other.post(f"/subscriptions/{rule.pk}/delete/").status_code == 404
    listing = other.get("/subscriptions/").content.decode()
    assert f'data-rule-id="{rule.pk}"' not in listing and 'id="no-rules"' in listing
    rule.refresh_from_db()
    assert rule.active
    assert shown_sms_number(watch, rule) == NUMBER
    assert shown_sms_number(viewer, rule) == "+383••••••56"


def test_a_rule_on_incidents_fires_for_a_reported_incident(unmik, django_capture_on_commit_callbacks):
    from peaceops.incidents.services import create_incident
    from tests.factories import incident_data

    watch = unmik["watch"]
    client = signed_in(watch)
    form = client.get("/subscriptions/new/", {"record_type": "incidents.incident", "q": "roadblock"})
    assert form.status_code == 200 and 'value="roadblock"' in form.content.decode()
    refused = write_rule(client, record_type="incidents.incident", since="the day before yesterday")
    assert refused.status_code == 422 and not Subscription.objects.exists()  # a period the filters cannot read
    assert write_rule(client, record_type="incidents.incident", q="roadblock").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        blocked = create_incident(acting_user=unmik["admin"], mission=unmik["mission"],
                                  data=incident_data(title="Roadblock at Jarinje"))
        create_incident(acting_user=unmik["admin"], mission=unmik["mission"], data=incident_data(title="Fire"))
    [notification] = Notification.objects.filter(user=watch)
    assert notification.related_id == str(blocked.pk) and notification.url == f"/incidents/{blocked.pk}/"


def test_many_new_records_cost_one_query_when_no_rule_watches_them(unmik, django_assert_num_queries):
    from peaceops.notices.rules import on_records_created

    sites = [Site(mission_id=unmik["mission"].pk) for _ in range(2000)]
    with django_assert_num_queries(1):
        assert on_records_created(Site, records=sites, acting_user=None) == []
