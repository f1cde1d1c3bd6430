"""The header's menu shows only what the user may do: every link in it opens (200) for the user who sees it, and
the pages a role may not open are not offered to it."""

import re

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a href="([^"#]+)"')


def menu_links(client) -> list[str]:
    """The links of the header's menu (main navigation and the user's own links) on the COP page."""
    page = client.get("/").content.decode()
    menu = page[page.index('id="header-menu"'):page.index("</header>")]
    return LINK.findall(menu)


@pytest.mark.parametrize("role", ["viewer", "reporter", "watch", "admin", "kfor", "osce", "sc"])
def test_every_menu_link_opens_for_the_user_who_sees_it(people, client_as, role):
    client = client_as(people[role])
    links = menu_links(client)
    assert "/" in links and "/access/" in links
    for link in links:
        assert client.get(link).status_code == 200, f"{role} is offered {link}"


def test_a_user_without_a_mission_is_offered_only_what_opens(client_as):
    client = client_as(UserFactory(username="newcomer"))
    links = menu_links(client)
    assert "/dashboard/" not in links and "/sites/" not in links
    for link in links:
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize("role, offered, not_offered", [
    ("viewer", [], ["/incidents/new/", "/sharing/", "/missions/UNMIK/people/", "/admin/"]),
    ("reporter", ["/incidents/new/"], ["/sharing/", "/admin/"]),
    ("kfor", ["/incidents/new/"], ["/sharing/", "/missions/UNMIK/people/", "/admin/"]),
    ("admin", ["/incidents/new/", "/sharing/", "/missions/UNMIK/people/", "/admin/"], []),
])
def test_the_menu_offers_each_role_its_own_pages(people, client_as, role, offered, not_offered):
    links = menu_links(client_as(people[role]))
    assert set(offered) <= set(links), links
    assert not set(not_offered) & set(links), links
