"""The API of a case's people, under /api/v1/conduct/cases (scopes conduct:read to read, conduct:write to act;
a case the caller does not read answers 404, like one that does not exist):

- `GET /{case_id}/people`: the people by role and age group (never their identities);
- `POST /{case_id}/people` {role, age_group, name, contact, details, reason}: add one (identity sealed);
- `PATCH /{case_id}/people/{person_id}` {role?, age_group?, name?, contact?, details?, reason}: change
  (a field left out stays as it is; "" empties it);
- `DELETE /{case_id}/people/{person_id}?reason=...`: remove, with a reason;
- `POST /{case_id}/people/{person_id}/reveal` {reason}: the identity, for holders of
  `conduct.case.view_identities`; the read is recorded in the ledger first; answered `Cache-Control: no-store`.
"""

import uuid

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from peaceops.api.scopes import scoped

from . import identities
from .models import Case, CasePerson

router = Router(tags=["conduct"], auth=scoped("conduct"))


class PersonIn(Schema):
    role: str
    age_group: str = "unknown"
    name: str = ""
    contact: str = ""
    details: str = ""
    reason: str = ""


class PersonPatch(Schema):
    role: str | None = None
    age_group: str | None = None
    name: str | None = None
    contact: str | None = None
    details: str | None = None
    reason: str = ""


class ReasonIn(Schema):
    reason: str = ""


class PersonOut(Schema):
    id: uuid.UUID
    role: str
    age_group: str
    identity_recorded: list[str]
    reads: int


class IdentityOut(Schema):
    id: uuid.UUID
    role: str
    name: str | None
    contact: str | None
    details: str | None
    unopened: list[str]


def _case(request, case_id) -> Case:
    case = Case.objects.visible_to(request.auth).filter(pk=case_id).first()
    if case is None:
        raise HttpError(404, f"no conduct case {case_id} (or you may not read it)")
    return case


def _person(request, case_id, person_id) -> CasePerson:
    person = identities.person_in(_case(request, case_id), person_id, request.auth)
    if person is None:
        raise HttpError(404, f"no person {person_id} in conduct case {case_id}")
    return person


def _out(person: CasePerson, reads: int | None = None) -> dict:
    return {
        "id": person.pk,
        "role": person.role,
        "age_group": person.age_group,
        "identity_recorded": [name for name in identities.IDENTITY if getattr(person, f"{name}_sealed")],
        "reads": person.reads.count() if reads is None else reads,
    }


@router.get(
    "/{case_id}/people", response=list[PersonOut], summary="The people of a case (never their identities)"
)
def people(request: HttpRequest, case_id: uuid.UUID):
    case = _case(request, case_id)
    rows = (
        CasePerson.objects.filter(case=case)
        .annotate(read_count=Count("reads"))
        .order_by("role", "created_at")
    )
    return [_out(person, person.read_count) for person in rows]


@router.post("/{case_id}/people", response={201: PersonOut}, summary="Add a person to a case")
def add(request: HttpRequest, case_id: uuid.UUID, payload: PersonIn):
    person = identities.add_person(_case(request, case_id), acting_user=request.auth, **payload.dict())
    return Status(201, _out(person, 0))


@router.patch("/{case_id}/people/{person_id}", response=PersonOut, summary="Change a person of a case")
def change(request: HttpRequest, case_id: uuid.UUID, person_id: uuid.UUID, payload: PersonPatch):
    given = {name: value for name, value in payload.dict().items() if value is not None}
    person = identities.change_person(_person(request, case_id, person_id), acting_user=request.auth, **given)
    return _out(person)


@router.delete("/{case_id}/people/{person_id}", response={204: None}, summary="Remove a person from a case")
def remove(request: HttpRequest, case_id: uuid.UUID, person_id: uuid.UUID, reason: str = ""):
    identities.remove_person(_person(request, case_id, person_id), acting_user=request.auth, reason=reason)
    return Status(204, None)


@router.post(
    "/{case_id}/people/{person_id}/reveal",
    response=IdentityOut,
    summary="A person's identity, with a reason (recorded in the ledger)",
)
def reveal(
    request: HttpRequest, response: HttpResponse, case_id: uuid.UUID, person_id: uuid.UUID, payload: ReasonIn
):
    person = _person(request, case_id, person_id)
    identity = identities.reveal(person, acting_user=request.auth, reason=payload.reason)
    response["Cache-Control"] = "private, no-store, max-age=0"
    return {"id": person.pk, "role": person.role, **identity}
