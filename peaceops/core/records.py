"""The abstract base of every domain record, and the `visible_to(user)` queryset every read goes through.

A record has a mission, an owning organisation, a classification and a releasability list. In each mission
where one of their roles gives `incident.view`, a user sees:
- PUBLIC records of the mission;
- CONFIDENTIAL records owned by, or released to, one of their organisations in that mission;
- STRICTLY CONFIDENTIAL records owned by or released to their organisation, only when one of their roles also
  gives `incident.view_strictly_confidential` (need-to-know) in that mission.
`core.explain` says the same rule in words, for one user and one record, and `VersionReader.may_read` in
Python, for one user and one past version of a record (a change-log snapshot).
A release whose releasability model has an `in_force()` condition (e.g. incidents: an optional expiry) counts
only while that condition holds.
"""

import datetime as dt
import uuid
from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from .access import access_profile
from .choices import Classification


def shared_condition(model, mission_id: int, organisation_ids, *, strictly_confidential: bool) -> Q:
    """The records of `model` in one mission that the given organisations may read: PUBLIC ones; CONFIDENTIAL
    ones owned by or released to one of them; STRICTLY CONFIDENTIAL ones likewise when `strictly_confidential`.

    The one statement of the sharing rule: `visible_to(user)` builds it per mission from the user's profile,
    and `peaceops.partners.received.received_by(organisation, mission)` from one organisation, so a rule
    added here (e.g. release expiry) holds for both.
    """
    released = model.releasable_to.through
    source_field = f"{model._meta.model_name}_id"
    releases = released.objects.all()
    if hasattr(released, "in_force"):
        releases = releases.filter(released.in_force())  # an expired release shows nothing
    orgs = list(organisation_ids)
    mine_or_released = Q(owner_id__in=orgs) | Exists(
        releases.filter(**{source_field: OuterRef("pk")}, organisation_id__in=orgs)
    )
    levels = [Classification.CONFIDENTIAL]
    if strictly_confidential:
        levels.append(Classification.STRICTLY_CONFIDENTIAL)
    return Q(mission_id=mission_id) & (
        Q(classification=Classification.PUBLIC) | (Q(classification__in=levels) & mine_or_released)
    )


#: The snapshot key that lists, for each release with an expiry, when it ends ({organisation code: ISO time}).
#: Snapshots written before it existed lack it: see `VersionReader.may_read`.
RELEASE_EXPIRY_KEY = "release_expiry"


class VersionReader:
    """One user's standing in one mission, for judging past versions of its records (change-log snapshots):
    the same rule as `shared_condition`, applied to a version's classification, owner and releases as they
    were when the version was written, instead of to the record as it is now."""

    def __init__(self, *, superuser: bool = False, can_view: bool = False, strictly_confidential: bool = False,
                 organisation_ids=frozenset()):
        self.superuser, self.can_view, self.strictly_confidential = superuser, can_view, strictly_confidential
        self.organisation_ids = frozenset(organisation_ids)

    @classmethod
    def of(cls, user, mission_id: int | None) -> "VersionReader":
        """The reader `user` is in the mission."""
        profile = access_profile(user)
        if profile.superuser:
            return cls(superuser=True)
        access = profile.in_mission(mission_id) if mission_id is not None else None
        if access is None or not access.can_view:
            return cls()
        return cls(can_view=True, strictly_confidential=access.strictly_confidential,
                   organisation_ids=access.organisation_ids)

    @cached_property
    def organisation_codes(self) -> frozenset[str]:
        """The codes of the reader's organisations (snapshots name releases by code): one query, when a
        version's releases must be judged."""
        from .models import Organisation

        return frozenset(Organisation.objects.filter(pk__in=list(self.organisation_ids)).values_list("code", flat=True))

    def may_read(self, version: dict | None, at: dt.datetime | None) -> bool:
        """Whether this reader could read the record as `version` records it, when it was written at `at`:
        PUBLIC; or CONFIDENTIAL (STRICTLY CONFIDENTIAL with need-to-know) and owned by one of their
        organisations or released to one of them by a release in force at `at`.

        `at` None counts every release the version lists, whatever its expiry: the reading for withdrawals
        (a partner feed may name a record that was released to the reader's organisation, so that the copy it
        received is dropped), never for showing a version's content.

        A version without `RELEASE_EXPIRY_KEY` (written before releases' expiries were kept) does not say
        whether its releases were still in force, so its releases count for nobody: it is shown only under the
        strictest reading (PUBLIC, or to the owner's members)."""
        if self.superuser:
            return True
        if not version or not self.can_view:
            return False
        classification = version.get("classification")
        if classification == Classification.PUBLIC:
            return True
        if classification == Classification.STRICTLY_CONFIDENTIAL and not self.strictly_confidential:
            return False
        if classification not in (Classification.CONFIDENTIAL, Classification.STRICTLY_CONFIDENTIAL):
            return False
        if version.get("owner_id") in self.organisation_ids:
            return True
        released = self.organisation_codes & set(version.get("releasable_to") or ())
        if not released or at is None:
            return bool(released)
        expiry = version.get(RELEASE_EXPIRY_KEY)
        if not isinstance(expiry, dict):
            return False
        return any(_in_force(expiry.get(code), at) for code in released)


def _in_force(expires_at: str | None, at: dt.datetime) -> bool:
    """Whether a release ending at `expires_at` (ISO text; None: never) was in force at `at`."""
    if expires_at is None:
        return True
    try:
        end = dt.datetime.fromisoformat(expires_at)
    except (TypeError, ValueError):
        return False  # unreadable: judged as ended
    if end.tzinfo is None:
        end = end.replace(tzinfo=dt.UTC)
    return end > at


class DomainQuerySet(models.QuerySet):
    """Queryset for domain records; `visible_to(user)` is the only way read paths may start."""

    def visible_to(self, user):
        profile = access_profile(user)
        if profile.superuser:
            return self
        if not profile.missions:
            return self.none()
        condition = Q(pk__in=[])
        for access in profile.missions.values():
            if not access.can_view:
                continue
            condition |= shared_condition(self.model, access.mission_id, access.organisation_ids,
                                          strictly_confidential=access.strictly_confidential)
        return self.filter(condition)


class DomainRecord(models.Model):
    """Fields every domain record carries: identity, mission, ownership, classification, releasability."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mission = models.ForeignKey("core.Mission", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", help_text="Owning organisation",
        db_index=False,
    )
    classification = models.CharField(
        max_length=24, choices=Classification.choices, default=Classification.PUBLIC
    )
    releasable_to = models.ManyToManyField(
        "core.Organisation", blank=True, related_name="+", help_text="Organisations this record is released to"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        db_index=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        db_index=False,
    )

    objects = DomainQuerySet.as_manager()

    class Meta:
        abstract = True

    def released_organisations(self) -> list:
        """The organisations the record is released to now (records whose releases can expire override this)."""
        return list(self.releasable_to.all())

    def releasability_label(self) -> str:
        """E.g. "CONFIDENTIAL - releasable to UNMIK, KFOR" (owner first)."""
        if self.classification == Classification.PUBLIC:
            return "PUBLIC"
        codes = [self.owner.code] + sorted(o.code for o in self.released_organisations() if o.pk != self.owner_id)
        return f"{self.get_classification_display().upper()} - releasable to {', '.join(codes)}"
