"""In-app notifications as a user meets them: the bell's unread count in the header, the list newest first a
page at a time, opening one (read, and on to what it is about: only a page of this site), marking all read; and
another user's notifications out of reach."""

from peaceops.notices.models import Notification
from peaceops.notices.services import notify

from .conftest import signed_in


def bell(page: str) -> str | None:
    """The bell's count as the header shows it (None: no unread notification)."""
    marker = 'id="bell-count">'
    if marker not in page:
        return None
    return page.split(marker, 1)[1].split("<", 1)[0]


def test_the_bell_counts_unread_notifications_and_opening_one_reads_it(unmik):
    watch = unmik["watch"]
    client = signed_in(watch)
    assert 'id="header-bell"' in client.get("/sites/").content.decode()
    assert bell(client.get("/sites/").content.decode()) is None
    first = notify(watch, kind="rule", text="New camp", url="/sites/", mission=unmik["mission"])
    notify(watch, kind="rule", text="Another camp", url="/sites/", mission=unmik["mission"])
    notify(unmik["viewer"], kind="rule", text="Not for the watch", url="/sites/")
    assert bell(client.get("/sites/").content.decode()) == "2"

    opened = client.get(f"/notifications/{first.pk}/")
    assert opened.status_code == 302 and opened["Location"] == "/sites/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert bell(client.get("/sites/").content.decode()) == "1"

    page = client.get("/notifications/").content.decode()
    assert page.index("Another camp") < page.index("New camp") and "Not for the watch" not in page
    assert client.post("/notifications/read-all/").status_code == 302
    assert bell(client.get("/notifications/").content.decode()) is None
    assert not Notification.objects.filter(user=watch, read_at__isnull=True).exists()


def test_a_notification_opens_only_pages_of_this_site(unmik):
    watch = unmik["watch"]
    client = signed_in(watch)
    for url in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""):
        notification = notify(watch, kind="rule", text="x", url=url)
        response = client.get(f"/notifications/{notification.pk}/")
        assert response.status_code == 302 and response["Location"] == "/notifications/", url


def test_another_users_notification_is_404(unmik):
    theirs = notify(unmik["viewer"], kind="rule", text="For the viewer", url="/sites/")
    client = signed_in(unmik["watch"])
    assert client.get(f"/notifications/{theirs.pk}/").status_code == 404
    client.post("/notifications/read-all/")
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_list_goes_a_page_at_a_time_newest_first(unmik):
    watch = unmik["watch"]
    for n in range(30):
        notify(watch, kind="rule", text=f"Notification number {n:02d}", url="/sites/")
    client = signed_in(watch)
    first = client.get("/notifications/").content.decode()
    assert "Notification number 29" in first and "Notification number 04" not in first
    assert 'id="notifications-older"' in first
    second = client.get("/notifications/", {"page": 2}).content.decode()
    assert "Notification number 04" in second and "Notification number 29" not in second
