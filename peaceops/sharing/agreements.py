"""Which sharing agreements a new record (an incident, or a record of any kit record type) falls under, and the
default releases they give it.

`DefaultReleases.for_owner(mission, owner)` loads the owner's active agreements once (with their
categories, areas and partners), so a form, an API call or an import batch of thousands of rows asks it per
record without further queries. An agreement's categories are those of the record type that registered
categories (`core.kit.releasable`: incidents); they do not restrict record types without categories.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from peaceops.core.models import Organisation

from .choices import RecordType
from .models import SharingAgreement


@dataclass(frozen=True)
class DefaultRelease:
    """One release an agreement gives a new record: to whom, until when, and through what (for display)."""

    organisation: Organisation
    expires_at: dt.datetime | None
    via: str
    agreement_id: int


@dataclass(frozen=True)
class _Terms:
    agreement_id: int
    classifications: frozenset[str]
    category_paths: tuple[str, ...]
    area_ids: frozenset[int]
    partners: tuple[Organisation, ...]
    via: str
    expiry_days: int | None

    def covers(self, classification: str, category_path: str | None, admin1_id, admin2_id) -> bool:
        """Whether a record with these properties falls under the terms (`category_path` None: the record type
        has no categories, so the agreement's categories do not apply)."""
        if classification not in self.classifications:
            return False
        if category_path is not None and self.category_paths and not any(
                category_path == p or category_path.startswith(p + "/") for p in self.category_paths if category_path):
            return False
        return not self.area_ids or bool({admin1_id, admin2_id} & self.area_ids)


class DefaultReleases:
    """The active incident agreements of one owning organisation in one mission."""

    def __init__(self, terms: list[_Terms], owner_id: int, paths: dict[int, str] | None = None):
        self.terms = terms
        self.owner_id = owner_id
        self.paths = paths or {}  # category id -> path, when some agreement names categories

    @classmethod
    def for_owner(cls, mission, owner) -> "DefaultReleases":
        """The rules of `owner` (an Organisation or its id) in `mission` (a Mission or its id)."""
        agreements = (SharingAgreement.objects.filter(mission=mission, owner=owner, active=True,
                                                      record_type=RecordType.INCIDENT)
                      .select_related("partner", "partner_group")
                      .prefetch_related("categories", "admin_areas", "partner_group__members"))
        terms = []
        for a in agreements:
            if a.partner_group_id:
                partners = tuple(sorted(a.partner_group.members.all(), key=lambda o: o.code))
                via = f"{a.partner_group.name} (agreement {a.pk})"
            else:
                partners, via = (a.partner,), f"agreement {a.pk}"
            terms.append(_Terms(a.pk, frozenset(a.classifications), tuple(c.path for c in a.categories.all()),
                                frozenset(area.pk for area in a.admin_areas.all()), partners, via,
                                a.default_expiry_days))
        paths = None
        if any(t.category_paths for t in terms):
            category = SharingAgreement._meta.get_field("categories").related_model  # the categorised type's
            paths = dict(category.objects.filter(mission=mission).values_list("id", "path"))
        return cls(terms, getattr(owner, "pk", owner), paths)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def for_categorised(self, classification: str, category_id, admin1_id, admin2_id,
                        now: dt.datetime | None = None) -> list[DefaultRelease]:
        """The releases the agreements give a new record of a type with categories (an incident) with these
        properties (one per organisation: the longest-lived wins, no expiry beating any)."""
        category_path = self.paths.get(category_id, "") if category_id else ""
        return self._choose(classification, category_path, admin1_id, admin2_id, now)

    def _choose(self, classification, category_path, admin1_id, admin2_id, now) -> list[DefaultRelease]:
        now = now or timezone.now()
        chosen: dict[int, DefaultRelease] = {}
        for t in self.terms:
            if not t.covers(classification, category_path, admin1_id, admin2_id):
                continue
            expires = now + dt.timedelta(days=t.expiry_days) if t.expiry_days else None
            for org in t.partners:
                if org.pk == self.owner_id:
                    continue
                held = chosen.get(org.pk)
                if held is None or (held.expires_at is not None
                                    and (expires is None or expires > held.expires_at)):
                    chosen[org.pk] = DefaultRelease(org, expires, t.via, t.agreement_id)
        return [chosen[k] for k in sorted(chosen, key=lambda k: chosen[k].organisation.code)]

    def for_record(self, classification: str, admin1_id, admin2_id, now: dt.datetime | None = None
                   ) -> list[DefaultRelease]:
        """The releases the agreements give a new record of a type without categories (a site): what applies
        is its classification and admin areas; an agreement's categories do not restrict it."""
        return self._choose(classification, None, admin1_id, admin2_id, now)
