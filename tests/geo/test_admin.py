"""Django admin for geo data is read-mostly: areas and places can be viewed, only area names edited (logged)."""

from django.contrib.auth import get_user_model
from django.test import Client

from peaceops.core.models import ChangeLogEntry
from peaceops.geo.loaders import load_gazetteer
from peaceops.geo.models import AdminArea, Place

from .conftest import FIXTURES


def superuser_client() -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client = Client()
    client.force_login(user)
    return client


def test_areas_viewable_not_addable_and_name_edits_logged(kosovo):
    client = superuser_client()
    assert client.get("/admin/geo/adminarea/").status_code == 200
    assert client.get("/admin/geo/adminarea/add/").status_code == 403
    area = AdminArea.objects.get(name="Municipality of Peja")
    page = client.get(f"/admin/geo/adminarea/{area.pk}/change/")
    assert page.status_code == 200 and "Pejë" in page.content.decode()
    response = client.post(f"/admin/geo/adminarea/{area.pk}/change/", {
        "name": area.name, "names": '{"en": "Peja", "sq": "Pejë", "sr": "Peć", "tr": "İpek"}'})
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.names["tr"] == "İpek" and area.code == "46174442B68655904469874"
    entry = ChangeLogEntry.objects.filter(object_type="geo.adminarea", action="update").get()
    assert "tr" not in entry.before["names"] and entry.after["names"]["tr"] == "İpek"


def test_places_are_read_only_with_their_names(db):
    load_gazetteer(FIXTURES / "geonames_XK_sample.txt")
    client = superuser_client()
    place = Place.objects.get(name="Zvečan")
    page = client.get(f"/admin/geo/place/{place.pk}/change/")
    assert page.status_code == 200 and "Звечан" in page.content.decode()
    assert client.post(f"/admin/geo/place/{place.pk}/change/", {"name": "X"}).status_code == 403
    assert client.get("/admin/geo/place/?q=zvecan").status_code == 200
