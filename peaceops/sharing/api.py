"""Releases of one incident on the API: /api/v1/incidents/{id}/releases (list, release, withdraw).

The incident must be visible to the caller (404 otherwise, as everywhere); releasing and withdrawing go through
`sharing.services`, which refuses (403) anyone but the owner's reporting roles and the mission administrator.
Incidents are read through their registration as a releasable record type (`core.kit.releasable`); other record
types list and change their releases through the kit's router (`core.kit.api`).
"""

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from peaceops.api.scopes import scoped
from peaceops.core.dates import SupportedDateTime
from peaceops.core.kit.releasable import releasable
from peaceops.core.kit.schemas import ErrorOut
from peaceops.core.models import Organisation

from .models import OrganisationGroup
from .services import SharingError, release_model, release_record, withdraw_release

router = Router(tags=["sharing"], auth=scoped("incidents"))  # releases are part of an incident
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ReleaseIn(Schema):
    """Release to an organisation (its code) or a named group of the incident's mission, optionally until a
    moment (ISO 8601 with time zone)."""

    model_config = ConfigDict(extra="forbid")
    organisation: str | None = Field(None, description="Organisation code, e.g. KFOR")
    group: str | None = Field(None, description="Name of an organisation group of the mission")
    expires_at: SupportedDateTime | None = Field(None, description="When the release ends (UTC); none: no end")
    reason: str = ""


class ReleaseOut(Schema):
    organisation: str
    expires_at: dt.datetime | None
    via: str
    granted_at: dt.datetime | None
    granted_by: str | None


class ReleasesOut(Schema):
    incident_id: uuid.UUID
    releases: list[ReleaseOut]


def _incident(request: HttpRequest, incident_id):
    incident = (releasable("incidents").model.objects.visible_to(request.auth).select_related("mission", "owner")
                .filter(pk=incident_id).first())
    if incident is None:
        raise HttpError(404, f"no incident {incident_id} (or you may not see it)")
    return incident


def _releases(incident) -> dict:
    release = release_model(type(incident))
    rows = (release.objects.filter(incident=incident).filter(release.in_force())
            .select_related("organisation", "granted_by").order_by("organisation__code"))
    return {"incident_id": incident.pk, "releases": [
        {"organisation": r.organisation.code, "expires_at": r.expires_at, "via": r.via_group or "",
         "granted_at": r.granted_at, "granted_by": r.granted_by.username if r.granted_by else None}
        for r in rows]}


@router.get("/{incident_id}/releases", response={200: ReleasesOut, **ERRORS}, summary="Releases of an incident")
def releases(request: HttpRequest, incident_id: uuid.UUID):
    """The organisations the incident is released to now, with expiry and the group each came through."""
    return _releases(_incident(request, incident_id))


@router.post("/{incident_id}/releases", response={201: ReleasesOut, **ERRORS}, summary="Release an incident")
def release(request: HttpRequest, incident_id: uuid.UUID, payload: ReleaseIn):
    """Release to an organisation or group (one of them), optionally until `expires_at`."""
    incident = _incident(request, incident_id)
    if bool(payload.organisation) == bool(payload.group):
        raise SharingError("organisation", "give either an organisation code or a group name")
    organisations, group = [], None
    if payload.organisation:
        org = Organisation.objects.filter(code=payload.organisation.strip()).first()
        if org is None:
            raise SharingError("organisation", f"no organisation has code {payload.organisation!r}")
        organisations = [org]
    else:
        group = OrganisationGroup.objects.filter(mission_id=incident.mission_id, name=payload.group.strip()).first()
        if group is None:
            raise SharingError("group", f"no group named {payload.group!r} in {incident.mission.code}")
    release_record(incident, acting_user=request.auth, organisations=organisations, group=group,
                     expires_at=payload.expires_at, reason=payload.reason)
    return Status(201, _releases(incident))


@router.delete("/{incident_id}/releases", response={204: None, **ERRORS}, summary="Withdraw a release")
def withdraw(request: HttpRequest, incident_id: uuid.UUID, organisation: str, reason: str = ""):
    """Withdraw the release to one organisation (`?organisation=KFOR`): it stops seeing the incident at once."""
    incident = _incident(request, incident_id)
    org = Organisation.objects.filter(code=organisation.strip()).first()
    if org is None:
        raise SharingError("organisation", f"no organisation has code {organisation!r}")
    withdraw_release(incident, acting_user=request.auth, organisation=org, reason=reason)
    return Status(204, None)
