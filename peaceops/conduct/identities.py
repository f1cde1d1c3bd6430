"""The people in a case, through the one door: added, changed and removed by the conduct staff who read the
case, their identities sealed (`core.kit.cipher`) before they reach the database, and revealed one person at a
time to holders of `conduct.case.view_identities`, each reveal recorded (`IdentityRead`) and sealed in the ledger.

The change log of a person never holds an identity: its snapshots say which fields are set ("sealed"), never
what they say. Nothing here is exported (the UN table counts victims; it never names them).
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.core.access import access_profile
from peaceops.core.changelog import log_change
from peaceops.core.choices import ChangeAction
from peaceops.core.kit.cipher import UnsealError, context_of, seal, unseal
from peaceops.core.kit.errors import FieldError
from peaceops.core.services import PermissionDenied

from .choices import AgeGroup, PersonRole
from .models import Case, CasePerson, IdentityRead
from .permissions import CASE_CODES

logger = logging.getLogger(__name__)

#: The identity fields a person has, as given in and read back (each stored sealed in `<name>_sealed`).
IDENTITY = ("name", "contact", "details")
LIMITS = {"name": 200, "contact": 300, "details": 2000}


def _readable_case(user, case) -> Case:
    """The case as `user` reads it (assigned or breaking glass), or PermissionDenied as if it did not exist."""
    found = Case.objects.visible_to(user).filter(pk=case.pk).first()
    if found is None:
        raise PermissionDenied(
            f"{getattr(user, 'username', 'anonymous')} does not read case {case.pk}", _("No such case.")
        )
    return found


def may(user, case, action: str) -> bool:
    """Whether `user` holds `conduct.case.<action>` in the case's mission (reading the case is asked apart)."""
    return access_profile(user).has_perm(case.mission_id, CASE_CODES[action])


def person_in(case, person_id, user) -> CasePerson | None:
    """The person `person_id` of a case the user reads (None: no such person in that case, or a case the user
    does not read)."""
    case = Case.objects.visible_to(user).filter(pk=case.pk).first()
    if case is None:
        return None
    try:
        return CasePerson.objects.select_related("case").filter(pk=person_id, case=case).first()
    except (ValueError, TypeError):  # not a UUID
        return None


def _require(user, case, action: str) -> Case:
    case = _readable_case(user, case)
    if not may(user, case, action):
        raise PermissionDenied(
            f"{getattr(user, 'username', 'anonymous')} lacks {CASE_CODES[action]}",
            _("You may not do this with the people of this case."),
        )
    return case


def _snapshot(person: CasePerson) -> dict:
    """What the change log keeps of a person: never the identity, only whether each part is set."""
    return {
        "id": str(person.pk),
        "case_id": str(person.case_id),
        "role": person.role,
        "age_group": person.age_group,
        **{name: ("sealed" if getattr(person, f"{name}_sealed") else "") for name in IDENTITY},
    }


def _clean(role: str, age_group: str, identity: dict) -> dict:
    if role not in PersonRole.values:
        raise FieldError("role", _("must be one of %(allowed)s"), allowed=", ".join(PersonRole.values))
    if age_group not in AgeGroup.values:
        raise FieldError("age_group", _("must be one of %(allowed)s"), allowed=", ".join(AgeGroup.values))
    cleaned = {}
    for name, value in identity.items():
        if name not in IDENTITY:
            raise FieldError(name, _("is not a field here"))
        value = (value or "").strip()
        if len(value) > LIMITS[name]:
            raise FieldError(name, _("is longer than %(limit)s characters"), limit=LIMITS[name])
        cleaned[name] = value
    return cleaned


def _seal_into(person: CasePerson, identity: dict) -> None:
    for name, value in identity.items():
        setattr(person, f"{name}_sealed", seal(value, context=context_of(person, f"{name}_sealed")))


def _log(action, person, case, user, before, after, reason):
    person.mission_id = case.mission_id  # the entry (and its ledger chain) is the case's mission's
    log_change(
        action=action, obj=person, acting_user=user, before=before, after=after, reason=reason, publish=False
    )


def add_person(
    case, *, acting_user, role: str, age_group: str = AgeGroup.UNKNOWN, reason: str = "", **identity
) -> CasePerson:
    """Add a person (victim, witness, subject, complainant) to a case the user reads and may change."""
    case = _require(acting_user, case, "change")
    identity = _clean(role, age_group, identity)
    with transaction.atomic():
        person = CasePerson(case=case, role=role, age_group=age_group)
        _seal_into(person, identity)
        person.save(force_insert=True)
        _log(ChangeAction.CREATE, person, case, acting_user, None, _snapshot(person), reason)
    return person


def change_person(
    person,
    *,
    acting_user,
    reason: str = "",
    role: str | None = None,
    age_group: str | None = None,
    **identity,
) -> CasePerson:
    """Change a person's role, age group or identity (fields left out stay as they are)."""
    case = _require(acting_user, person.case, "change")
    with transaction.atomic():
        person = CasePerson.objects.select_for_update().get(pk=person.pk, case=case)
        before = _snapshot(person)
        identity = _clean(role or person.role, age_group or person.age_group, identity)
        person.role, person.age_group = role or person.role, age_group or person.age_group
        _seal_into(person, identity)
        person.save()
        after = _snapshot(person)
        if after != before or identity:
            _log(ChangeAction.UPDATE, person, case, acting_user, before, after, reason)
    return person


def remove_person(person, *, acting_user, reason: str) -> None:
    """Remove a person from a case, with a reason (required)."""
    if not (reason or "").strip():
        raise FieldError("reason", _("is required"))
    case = _require(acting_user, person.case, "change")
    with transaction.atomic():
        before = _snapshot(person)
        person_id = person.pk
        CasePerson.objects.filter(pk=person_id, case=case).delete()
        person.pk = person_id
        _log(ChangeAction.DELETE, person, case, acting_user, before, None, reason.strip())


def people_of(case, user) -> list[CasePerson]:
    """The people of a case the user reads, without their identities (role and age group)."""
    case = _readable_case(user, case)
    return list(CasePerson.objects.filter(case=case).order_by("role", "created_at"))


def _opened(person: CasePerson) -> tuple[dict, list[str]]:
    """The identity fields of a person that open with the keyring, and the names of those that do not (sealed
    with a key that was lost, or tampered with): those read None."""
    identity, unopened = {}, []
    for name in IDENTITY:
        field = f"{name}_sealed"
        try:
            identity[name] = unseal(getattr(person, field), context=context_of(person, field))
        except UnsealError as error:
            logger.error("identity field %s of %s does not open: %s", name, context_of(person, field), error)
            identity[name], unopened = None, [*unopened, name]
    return identity, unopened


def reveal(person, *, acting_user, reason: str) -> dict:
    """The identity of one person ({name, contact, details, unopened}), for a holder of
    `conduct.case.view_identities` who reads the case, with the reason they give (required): the read is
    recorded (`IdentityRead`) and sealed in the ledger before the identity is returned. A field that no key of
    the ring opens reads None and is named in `unopened` (the read is recorded all the same)."""
    if not (reason or "").strip():
        raise FieldError("reason", _("is required"))
    case = _require(acting_user, person.case, "view_identities")
    person_id = person.pk
    person = CasePerson.objects.filter(pk=person_id, case=case).first()
    if person is None:
        raise PermissionDenied(f"no person {person_id} in case {case.pk}", _("No such person."))
    identity, unopened = _opened(person)
    with transaction.atomic():
        read = IdentityRead.objects.create(
            person=person, case=case, user=acting_user, at=timezone.now(), reason=reason.strip()[:500]
        )
        read.mission_id = case.mission_id
        log_change(
            action=ChangeAction.CREATE,
            obj=read,
            acting_user=acting_user,
            before=None,
            after={
                "person_id": str(person.pk),
                "case_id": str(case.pk),
                "role": person.role,
                "reason": read.reason,
            },
            reason=f"identity read: {read.reason}",
            publish=False,
        )
    return {**identity, "unopened": unopened}
