"""Partner API under /api/v1/partners: the signed feeds of what a partner receives (incidents at `/{org}/feed`,
every releasable record type at `/{org}/feed/{record_type}`: `/{org}/feed/sites`), the public key that
verifies them, and the release scope of an incident (whether a partner receives its sources).

A feed page is answered as the exact bytes of the signed feed file (canonical JSON), so a partner can save the
response and verify it with `peaceops verify-feed`, or with any Ed25519 library (docs/user/partners.md).
"""

import uuid

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from peaceops.api.scopes import scoped
from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.releasable import ReleasableType, releasable, releasable_types
from peaceops.core.kit.schemas import ErrorOut
from peaceops.core.models import Mission, Organisation
from peaceops.ledger.services import record_sensitive_list

from .feed import DEFAULT_LIMIT, MAX_LIMIT, feed_page
from .permissions import may_view_partner
from .received import INCIDENTS
from .services import set_release_scope
from .signing import ALGORITHM, key_id, public_key_pem, sign_feed, signing_key

#: Feeds (and the key that verifies them) are read with a `partners:feed` token and nothing else (an
#: incidents scope never reads a feed); setting a release scope changes an incident (`incidents:write`).
router = Router(tags=["partners"], auth=scoped(read=["partners:feed"], write=["incidents:write"]))
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
#: The largest change-log id (a 64-bit key): a cursor beyond it names nothing.
MAX_ID = 2**63 - 1


class SigningKeyOut(Schema):
    """The public key partners verify feeds with (PEM), and its id as feeds name it."""

    algorithm: str
    key_id: str
    public_key_pem: str


class ReleaseScopeIn(Schema):
    include_sources: bool = Field(description="Release the incident's source references, witnesses and "
                                              "victims' names to this organisation")
    reason: str = ""


class ReleaseScopeOut(Schema):
    incident_id: uuid.UUID
    organisation: str
    include_sources: bool


def _organisation(code: str) -> Organisation:
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise HttpError(404, f"no organisation has code {code!r}")
    return organisation


def _mission(code: str) -> Mission:
    mission = Mission.objects.filter(code=code).first()
    if mission is None:
        raise HttpError(404, f"no mission has code {code!r}")
    return mission


@router.get("/signing-key", response={200: SigningKeyOut, **ERRORS}, summary="The feed-signing public key")
def signing_public_key(request: HttpRequest):
    public = signing_key().public_key()
    return {"algorithm": ALGORITHM, "key_id": key_id(public), "public_key_pem": public_key_pem(public)}


@router.get("/{org}/feed", response={200: None, **ERRORS}, summary="Signed feed of what a partner receives")
def partner_feed(request: HttpRequest, org: str, mission: str, cursor: int = 0, limit: int = DEFAULT_LIMIT):
    """The incidents released to `org` in `mission` that changed after `cursor` (a change-log id; 0 for
    everything), redacted as `org` receives them, with withdrawals; pass `cursor_to` back for the next page
    (`limit`: incidents per page, at most 5000).
    Members of `org`, mission administrators and UN watch officers of the mission may pull it."""
    return _signed_feed(request, releasable(INCIDENTS), org, mission, cursor, limit)


@router.get("/{org}/feed/{record_type}", response={200: None, **ERRORS},
            summary="Signed feed of the records of one type a partner receives")
def partner_record_feed(request: HttpRequest, org: str, record_type: str, mission: str, cursor: int = 0,
                        limit: int = DEFAULT_LIMIT):
    """The records of `record_type` (`sites`, `incidents`) released to `org` in `mission` that changed after
    `cursor`, redacted as `org` receives them (without the fields the record type withholds from partners),
    with withdrawals: the same page, signature and rules as the incidents feed, each record under the record
    type's singular (`"site": {...}`)."""
    kinds = {t.name: t for t in releasable_types()}
    if record_type not in kinds:
        raise HttpError(404, f"no feed of {record_type!r} (feeds: {', '.join(kinds)})")
    return _signed_feed(request, kinds[record_type], org, mission, cursor, limit)


def _signed_feed(request: HttpRequest, kind: ReleasableType, org: str, mission: str, cursor: int, limit: int):
    organisation, the_mission = _organisation(org), _mission(mission)
    if not may_view_partner(request.auth, the_mission, organisation):
        raise HttpError(403, f"you may not read the feed of {organisation.code} in {the_mission.code}")
    if not 0 <= cursor <= MAX_ID:  # a change-log id: beyond a 64-bit key it names nothing
        raise FieldError("cursor", "must be 0 or a cursor_to of an earlier page")
    if not 1 <= limit <= MAX_LIMIT:
        raise FieldError("limit", f"must be between 1 and {MAX_LIMIT}")
    # Whoever pulls sees only what their own access shows: a KFOR reporter without need-to-know gets no
    # STRICTLY CONFIDENTIAL record (nor its withdrawal), a UN watch officer none of KFOR's own unreleased reports.
    page = feed_page(organisation, the_mission, cursor=cursor, limit=limit, reader=request.auth, record_type=kind)
    record_sensitive_list(request.auth, ((r["id"], the_mission.pk, r[kind.item]["classification"])
                                         for r in page["records"] if r["op"] == "upsert"), via="partner-feed",
                          object_type=kind.model._meta.label_lower)
    body = sign_feed(page)
    return HttpResponse(body, content_type="application/json")


@router.put("/{org}/release-scope/{incident_id}", response={200: ReleaseScopeOut, **ERRORS},
            summary="Whether a partner receives an incident's sources")
def release_scope(request: HttpRequest, org: str, incident_id: uuid.UUID, payload: ReleaseScopeIn):
    """Set whether `org` receives the source references, witnesses and victims' names of an incident
    (for whoever may edit the incident)."""
    organisation = _organisation(org)
    incident = (releasable(INCIDENTS).model.objects.visible_to(request.auth).select_related("owner")
                .filter(pk=incident_id).first())
    if incident is None:
        raise HttpError(404, f"no incident {incident_id} (or you may not see it)")
    scope = set_release_scope(incident, organisation, include_sources=payload.include_sources,
                              acting_user=request.auth, reason=payload.reason)
    return {"incident_id": incident.pk, "organisation": organisation.code, "include_sources": scope.include_sources}
