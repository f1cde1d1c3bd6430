"""How answers travel (peaceops.web.delivery, peaceops.web.shell): compressed HTML and JSON, the live stream left
streaming, the cache policy of each kind of answer, and a service worker that carries no user's data.
The browser's view of the same (transfer sizes, budgets) is tests/browser/test_page_weight.py."""

import gzip

import brotli
import pytest

pytestmark = pytest.mark.django_db


def test_signed_in_pages_and_data_are_compressed_and_kept_by_no_cache(client_as, people, mission):
    client = client_as(people["watch"])
    page = client.get("/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert page["Content-Encoding"] == "br"
    assert b"cop-map" in brotli.decompress(page.content)
    assert page["Cache-Control"] == "private, no-store"
    assert "Accept-Encoding" in page["Vary"]

    older_browser = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert older_browser["Content-Encoding"] == "gzip"
    assert b"cop-map" in gzip.decompress(older_browser.content)

    data = client.get("/cop/histogram.json", headers={"Accept-Encoding": "br"})
    assert data["Cache-Control"] == "private, no-store"

    api = client.get("/api/v1/incidents/", headers={"Accept-Encoding": "br"})
    assert api["Cache-Control"] == "private, no-store"


def test_an_api_answer_to_a_token_is_private_even_without_a_session(client):
    answer = client.get("/api/v1/incidents/", headers={"Authorization": "Bearer not-a-token"})
    assert answer["Cache-Control"] == "private, no-store"


def test_without_accept_encoding_the_answer_is_plain(client_as, people, mission):
    page = client_as(people["watch"]).get("/")
    assert not page.has_header("Content-Encoding")
    assert b"cop-map" in page.content


def test_pages_showing_secrets_are_never_compressed(client_as, people, mission):
    """BREACH: the account pages show secrets (two-factor keys, API tokens) beside what the user typed."""
    page = client_as(people["watch"]).get("/accounts/", headers={"Accept-Encoding": "br, gzip"}, follow=True)
    assert page.status_code == 200
    assert not page.has_header("Content-Encoding")


def test_the_live_stream_is_neither_compressed_nor_cached(client_as, people, mission, settings):
    settings.PEACEOPS_LIVE_STREAM_SECONDS = 0.1
    stream = client_as(people["watch"]).get("/cop/live", headers={"Accept-Encoding": "br, gzip"})
    assert stream.streaming
    assert not stream.has_header("Content-Encoding")
    assert stream["Cache-Control"] == "private, no-store"
    stream.close()


def test_boundaries_are_revalidated_not_downloaded_again(client_as, people, mission):
    from peaceops.geo.models import AdminArea

    AdminArea.objects.create(mission=mission, level=0, code="XK", name="Kosovo", geometry=(
        '{"type":"Polygon","coordinates":[[[20,42],[21,42],[21,43],[20,43],[20,42]]]}'),
        min_lon=20, min_lat=42, max_lon=21, max_lat=43, centroid_lon=20.5, centroid_lat=42.5)
    client = client_as(people["watch"])
    first = client.get("/api/v1/geo/admin-areas?mission=UNMIK")
    assert first.status_code == 200 and first["Cache-Control"] == "private, no-cache"
    again = client.get("/api/v1/geo/admin-areas?mission=UNMIK", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""


def test_the_service_worker_is_the_same_for_everyone_and_names_the_shell(client_as, people, mission, client):
    anonymous = client.get("/sw.js")
    signed_in = client_as(people["watch"]).get("/sw.js")
    assert anonymous.content == signed_in.content  # no user's data in it
    assert anonymous["Content-Type"].startswith("text/javascript")
    assert anonymous["Cache-Control"] == "no-cache"
    assert anonymous["Service-Worker-Allowed"] == "/"
    assert b"self.PEACEOPS_SHELL" in anonymous.content and b"importScripts(" in anonymous.content
    assert b"web/shell-worker" in anonymous.content


def test_the_offline_page_names_no_one(client_as, people, mission):
    page = client_as(people["watch"]).get("/offline/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "No connection to PeaceOps" in text
    assert people["watch"].username not in text and "csrfmiddlewaretoken" not in text


def test_pages_register_the_service_worker(client_as, people, mission):
    page = client_as(people["watch"]).get("/")
    assert b'<meta name="peaceops-service-worker" content="/sw.js">' in page.content
