"""What the installable app and its service worker are told by the server: the manifest a phone installs from,
the opaque name of the signed-in user on every answer (the worker keeps pages per user), the session endpoint
the queue of unsent reports asks before sending, and which pages the worker may keep."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_phone_can_install_the_app_from_its_manifest(people):
    page = signed_in(people["watch"]).get("/dashboard/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    manifest = Client().get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    body = json.loads(manifest.content)
    assert (body["name"], body["start_url"], body["display"]) == ("PeaceOps", "/", "standalone")
    assert body["theme_color"].startswith("#")
    sizes = {icon["sizes"] for icon in body["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in body["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_every_answer_names_its_user_opaquely_and_the_same_in_every_session(people):
    first = signed_in(people["watch"]).get("/dashboard/")
    again = signed_in(people["watch"]).get("/incidents/new/")
    other = signed_in(people["reporter"]).get("/dashboard/")
    name = first["X-PeaceOps-User"]
    assert re.fullmatch(r"[0-9a-f]{24}", name)
    assert again["X-PeaceOps-User"] == name != other["X-PeaceOps-User"]
    assert str(people["watch"].pk) != name and "watch" not in name
    assert f'<meta name="peaceops-user" content="{name}">' in first.content.decode()
    assert "X-PeaceOps-User" not in Client().get("/accounts/login/")


def test_the_queue_learns_who_is_signed_in_and_a_token_of_this_session(people):
    client = signed_in(people["watch"])
    answer = client.get("/offline/session/")
    assert answer["Cache-Control"] == "private, no-store"
    who = answer.json()
    assert who["user"] == client.get("/dashboard/")["X-PeaceOps-User"] and len(who["csrf"]) == 64
    assert Client().get("/offline/session/").json() == {"user": None, "csrf": None}


def test_the_worker_may_keep_the_report_form_and_incident_pages_only():
    worker = Client().get("/sw.js").content.decode()
    config = json.loads(re.search(r"self\.PEACEOPS_SHELL = (\{.*\});", worker).group(1))
    kept = [re.compile(pattern) for pattern in config["keep"]]
    incident = "/incidents/0b8f4c1e-8d0c-4a55-9a57-5d0f3b8a6c11/"
    for path in ("/incidents/new/", incident, incident + "edit/"):
        assert any(p.search(path) for p in kept), path
    for path in ("/", "/dashboard/", "/sites/", incident + "history/", "/accounts/"):
        assert not any(p.search(path) for p in kept), path
    assert config["header"] == "X-PeaceOps-User"
