"""factory-boy factories for PeaceOps tests. Domain records are created through the services, as users would."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from peaceops.core import services as core_services
from peaceops.core.choices import OrganisationType, Role
from peaceops.core.models import Mission, Organisation
from peaceops.incidents.inputs import IncidentData


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"M{n}")
    name = factory.LazyAttribute(lambda o: f"Mission {o.code}")

    @factory.post_generation
    def taxonomy(obj, create, extracted, **kwargs):
        from peaceops.incidents.taxonomy import install_default_taxonomy

        if create:
            install_default_taxonomy(obj)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ORG{n}")
    name = factory.LazyAttribute(lambda o: f"Organisation {o.code}")
    type = OrganisationType.UN_COMPONENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")


def member(mission, organisation, *roles: Role, username: str | None = None):
    """A user holding `roles` in `mission` for `organisation`."""
    user = UserFactory(**({"username": username} if username else {}))
    for role in roles or (Role.VIEWER,):
        core_services.grant_role(user=user, mission=mission, organisation=organisation, role=role)
    return user


def incident_data(**overrides) -> IncidentData:
    """A valid incident near Mitrovica unless told otherwise."""
    values = dict(
        title="Stone-throwing at a bus near the bridge",
        occurred_start=dt.datetime(2026, 3, 1, 14, 30, tzinfo=dt.UTC),
        lon=20.8671,
        lat=42.8914,
        category_path="mission/inter-ethnic",
    )
    values.update(overrides)
    return IncidentData(**values)


def incident_record(*, acting_user, mission, owner=None, data: dict):
    """An incident from the fields of a create body (`incident_data` fills what is not given), through the
    service: the factory of the incidents' generic tests (tests/incidents/test_generic.py)."""
    from peaceops.incidents.services import create_incident

    return create_incident(acting_user=acting_user, mission=mission, owner=owner, data=incident_data(**data))
