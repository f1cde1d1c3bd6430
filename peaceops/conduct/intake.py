"""The ways a misconduct allegation reaches conduct and discipline, besides a conduct officer recording it:

- `refer(mission, acting_user=, data=)`: any member holding `conduct.case.refer` (a partner, an NGO, a watch
  officer) refers an allegation. The case is created on the referrer's behalf (`system=True`): they are not
  assigned and read nothing of it afterwards; they get its reference, nothing else. `referred_by` is their
  organisation; the case is owned by the mission's intake organisation (as community alerts nobody signed in
  raised: `alerts.services.intake_owner`), never by the referrer's.
- `report_anonymously(mission, data)`: the public form, nobody signed in (`public_report`).
- `from_alert(alert, acting_user=, reason=)`: a conduct officer who reads a community alert marked as a
  misconduct allegation opens a case from it (linked to the alert, its text as the summary); the officer is
  assigned, as the creator of any case.

A referral or an anonymous report is assigned to every holder of `conduct.case.receive` in the mission, each
told in the app of the case's reference only (no word of the allegation: `notices.services.notify`). What a
referrer says about people (a name, a phone) goes to the case's people, sealed (`seal_people`),
never into the summary.
"""

import datetime as dt

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.alerts.services import intake_owner
from peaceops.core.access import access_profile, holders_of
from peaceops.core.assignments import assign
from peaceops.core.choices import ChangeAction, Classification
from peaceops.core.kit.errors import FieldError
from peaceops.core.models import Organisation
from peaceops.core.services import PermissionDenied
from peaceops.notices.services import notify

from .choices import AgeGroup, DatePrecision, IntakeChannel, PersonRole
from .identities import _clean, _log, _seal_into, _snapshot
from .models import Case, CasePerson
from .permissions import CASE_CODES
from .services import CaseService

#: What a referral or an anonymous report may say (a case's fields and children; `people` go sealed).
GIVEN = (
    "summary",
    "incident_from",
    "incident_from_precision",
    "incident_to",
    "incident_to_precision",
    "personnel_category",
    "subjects",
    "nationality",
    "paternity_claim",
    "victims",
    "allegations",
)
#: The longest summary taken in.
SUMMARY_LIMIT = 5000
#: The most people one referral names.
PEOPLE_LIMIT = 20
#: The notification's kind.
NOTICE_KIND = "conduct-allegation"


class IntakeCaseService(CaseService):
    """The case service as the ways in use it: the case is owned by the organisation the intake names (the
    mission's intake organisation), whoever refers it."""

    def owner_for(self, user, mission, owner) -> Organisation:
        return owner if owner is not None else super().owner_for(user, mission, owner)


def clean_people(rows) -> list[tuple[str, str, dict]]:
    """The people a referral names, each (role, age group, identity), checked as `identities` checks them
    (`FieldError("people.<i>.<field>")`)."""
    cleaned = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise FieldError(
                f"people.{i}", _("must be an object with role, age_group, name, contact, details")
            )
        row = dict(row)
        role = str(row.pop("role", "") or PersonRole.VICTIM)
        age_group = str(row.pop("age_group", "") or AgeGroup.UNKNOWN)
        try:
            identity = _clean(role, age_group, {k: str(v or "") for k, v in row.items()})
        except FieldError as error:
            raise FieldError(f"people.{i}.{error.field}", error.template, **error.params) from None
        cleaned.append((role, age_group, identity))
    return cleaned


def seal_people(case, people, *, acting_user, reason: str) -> None:
    """Add the people a referral or an anonymous report names to its new case, their identities sealed.

    The system path of `identities.add_person`, WITHOUT its permission check: the referrer neither reads the
    case nor holds `conduct.case.change`; the caller (`_received`, inside the case's creating transaction) is
    the only one to call it. Each person's change-log entry says which parts are set ("sealed"), never what
    they say."""
    for role, age_group, identity in people:
        person = CasePerson(case=case, role=role, age_group=age_group)
        _seal_into(person, identity)
        person.save(force_insert=True)
        _log(ChangeAction.CREATE, person, case, acting_user, None, _snapshot(person), reason)


def _given(data) -> tuple[dict, list[dict]]:
    """(the case's data, the people) of what a referrer or a reporter gave; FieldError naming a bad field."""
    if not isinstance(data, dict):
        raise FieldError("summary", _("is required"))
    unknown = sorted(set(data) - set(GIVEN) - {"people"})
    if unknown:
        raise FieldError(unknown[0], _("is not a field of a referral"))
    summary = str(data.get("summary") or "").strip()
    if not summary:
        raise FieldError("summary", _("is required"))
    if len(summary) > SUMMARY_LIMIT:
        raise FieldError("summary", _("is longer than %(limit)s characters"), limit=SUMMARY_LIMIT)
    people = data.get("people") or []
    if not isinstance(people, list) or len(people) > PEOPLE_LIMIT:
        raise FieldError("people", _("must be a list of at most %(limit)s people"), limit=PEOPLE_LIMIT)
    case = {name: data[name] for name in GIVEN if data.get(name) not in (None, "")}
    for name in ("incident_from", "incident_to"):
        if name in case and not isinstance(case[name], str | dt.date):
            raise FieldError(name, _("must be a date (YYYY-MM-DD)"))
    case["summary"] = summary
    for name in ("incident_from", "incident_to"):
        if case.get(name) and not case.get(f"{name}_precision"):
            case[f"{name}_precision"] = DatePrecision.DAY
    return case, clean_people(people)


def _received(mission, data: dict, *, acting_user, channel: str, referred_by=None) -> Case:
    """The case created on someone's behalf (`system=True`: nobody is assigned by creating it), its people
    sealed, assigned to the mission's receivers, each told of its reference (inside one transaction)."""
    case_data, people = _given(data)
    today = timezone.now().date()
    case_data.update(
        classification=Classification.STRICTLY_CONFIDENTIAL,
        intake_channel=channel,
        referred_by=referred_by.pk if referred_by is not None else None,
        reported_on=today,
        reported_precision=DatePrecision.DAY,
    )
    how = {IntakeChannel.PARTNER_REFERRAL: "referral", IntakeChannel.ANONYMOUS: "anonymous report"}[channel]
    with transaction.atomic():
        case = (
            IntakeCaseService()
            .create_many(
                [case_data],
                acting_user=acting_user,
                mission=mission,
                owner=intake_owner(mission),
                reason=f"received by {how}",
                system=True,
            )
            .created[0]
        )
        seal_people(case, people, acting_user=acting_user, reason=f"named in the {how}")
        url = case_url(case)
        for receiver in holders_of(CASE_CODES["receive"], mission.pk):
            assign(
                case,
                user=receiver,
                acting_user=acting_user,
                system=True,
                reason=f"{how}: receives allegations ({CASE_CODES['receive']})",
            )
            notify(
                receiver,
                kind=NOTICE_KIND,
                text=f"A misconduct allegation came in by {how}: case {case.reference}.",
                url=url,
                mission=mission,
                related=case,
            )
    return case


def refer(mission, *, acting_user, data: dict) -> Case:
    """Refer an allegation to the mission's conduct and discipline (needs `conduct.case.refer` in the mission;
    `data["organisation"]`, optional, names which of the referrer's organisations refers it). The referrer
    reads nothing of the case afterwards: show them its reference only."""
    profile = access_profile(acting_user)
    if not profile.has_perm(mission.pk, CASE_CODES["refer"]):
        raise PermissionDenied(
            f"{getattr(acting_user, 'username', 'anonymous')} lacks {CASE_CODES['refer']} in {mission.code}",
            _("You may not refer misconduct allegations in this mission."),
        )
    data = dict(data or {})
    mine = profile.organisations_for(mission.pk)
    code = str(data.pop("organisation", "") or "").strip()
    organisations = Organisation.objects.filter(pk__in=mine).order_by("code")
    referrer = organisations.filter(code=code).first() if code else organisations.first()
    if referrer is None:
        raise FieldError(
            "organisation", _("must be one of your organisations in %(mission)s"), mission=mission.code
        )
    return _received(
        mission, data, acting_user=acting_user, channel=IntakeChannel.PARTNER_REFERRAL, referred_by=referrer
    )


def report_anonymously(mission, data: dict) -> Case:
    """An allegation from the public form, nobody signed in: owned by the mission's intake organisation."""
    return _received(mission, dict(data or {}), acting_user=None, channel=IntakeChannel.ANONYMOUS)


def may_open_case(user, alert) -> bool:
    """Whether `user` may open a conduct case from `alert`, a misconduct allegation they read (the caller read
    it through `visible_to`): `conduct.case.add` in its mission."""
    return bool(alert.misconduct) and access_profile(user).has_perm(alert.mission_id, CASE_CODES["add"])


def case_from_alert(alert) -> Case | None:
    """The case already opened from the alert, whoever reads it (only to refuse a second one)."""
    return Case._base_manager.filter(alert_id=alert.pk).first()


def from_alert(alert, *, acting_user, reason: str) -> Case:
    """Open a conduct case from a community alert marked as a misconduct allegation that the officer reads
    (PermissionDenied as if it did not exist otherwise), with `conduct.case.add`: linked to the alert, its text
    as the summary, received through community alerts; the officer is assigned (the case's creator). One case
    per alert: a second is refused naming the field `alert`."""
    from peaceops.alerts.models import Alert

    reason = (reason or "").strip()
    if not reason:
        raise FieldError("reason", _("is required"))
    readable = Alert.objects.visible_to(acting_user).filter(pk=alert.pk, misconduct=True).first()
    if readable is None:
        raise PermissionDenied(
            f"{getattr(acting_user, 'username', 'anonymous')} does not read misconduct alert {alert.pk}",
            _("No such misconduct allegation."),
        )
    service = IntakeCaseService()
    service.require(acting_user, readable.mission_id, "add", mission=readable.mission)
    with transaction.atomic():
        if case_from_alert(readable) is not None:
            raise FieldError("alert", _("has a conduct case opened from it already"))
        data = {
            "summary": readable.text[:SUMMARY_LIMIT],
            "alert": readable.pk,
            "intake_channel": IntakeChannel.COMMUNITY_ALERT,
            "reported_on": readable.received_at.astimezone(dt.UTC).date(),
            "reported_precision": DatePrecision.DAY,
            "classification": Classification.STRICTLY_CONFIDENTIAL,
        }
        return service.create(
            acting_user=acting_user,
            mission=readable.mission,
            data=data,
            owner=intake_owner(readable.mission),
            reason=f"opened from community alert {readable.reference}: {reason}",
        )


def case_url(case) -> str:
    """The case's page (for who reads it), else the conduct overview."""
    for name in ("cases:detail",):
        try:
            return reverse(name, args=[case.pk])
        except NoReverseMatch:
            continue
    try:
        return reverse("conduct:overview")
    except NoReverseMatch:
        return "/conduct/"
