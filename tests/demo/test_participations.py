"""The demo's organisations take part in their own mission only, and the demo's loader (a service account
administering both missions) cannot be taken over by a mission administrator."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from peaceops.incidents.models import Incident

pytestmark = pytest.mark.django_db


def test_demo_organisations_take_part_in_their_mission_and_the_loader_is_nobodys_to_take_over():
    call_command("demo", "--no-serve", "--incidents", "50", stdout=io.StringIO(), stderr=io.StringIO(),
                 verbosity=0)
    User = get_user_model()
    admin = Client()
    admin.force_login(User.objects.get(username="unmik.admin"), backend="django.contrib.auth.backends.ModelBackend")
    loader = User.objects.get(username="demo-loader")
    assert not loader.has_usable_password()
    answer = admin.post(f"/admin/auth/user/{loader.pk}/password/", {
        "usable_password": "true", "password1": "Tangerine-Harbour-Lantern-42",
        "password2": "Tangerine-Harbour-Lantern-42"})
    assert answer.status_code == 403
    assert not User.objects.get(pk=loader.pk).has_usable_password()
    incident = Incident.objects.filter(mission__code="UNMIK", owner__code="UNMIK").first()
    panel = admin.get(f"/sharing/incidents/{incident.pk}/").content.decode()
    assert "OCHA" not in panel and "KFOR" in panel
    from peaceops.core.models import Participation

    taking_part = {code: set(Participation.objects.filter(mission__code=code)
                             .values_list("organisation__code", flat=True)) for code in ("UNMIK", "MINUSCA")}
    assert taking_part["MINUSCA"] == {"MINUSCA", "OCHA"}
    assert {"UNMIK", "KFOR", "OSCE", "EULEX", "KP", "UNHCR", "UNDP"} <= taking_part["UNMIK"]
    assert "OCHA" not in taking_part["UNMIK"] and "MINUSCA" not in taking_part["UNMIK"]
