"""The API of a patrol's run, report and proposed incidents, under /api/v1/patrols (scopes operations:read to
read, operations:write to act; a patrol the caller may not see answers 404):

- `POST /{patrol_id}/step` {"to", "reason"}: start, complete, abort or cancel (`run.step`);
- `GET/POST /{patrol_id}/observations`: the report's observations; add one {observed_at, text, lon, lat};
- `POST /{patrol_id}/observations/{observation_id}/incident` {title, lon, lat all optional}: make it an incident;
- `GET /{patrol_id}/proposals`: the incidents proposed as related that the caller may see;
- `POST /{patrol_id}/proposals/{proposal_id}` {"decision": "confirm"|"reject"}: the patrol's leader or a mission
  administrator only (`linking.may_decide`; others 403)."""

import uuid

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from peaceops.core.dates import SupportedDateTime
from peaceops.incidents.models import Incident

from . import linking, report, run
from .api import AUTH
from .models import IncidentProposal, Patrol, PatrolObservation

router = Router(tags=["operations"], auth=AUTH)


class StepIn(Schema):
    to: str
    reason: str = ""


class ObservationIn(Schema):
    observed_at: SupportedDateTime
    text: str
    lon: float | None = None
    lat: float | None = None


class IncidentIn(Schema):
    title: str = ""
    lon: float | None = None
    lat: float | None = None


class DecisionIn(Schema):
    decision: str
    reason: str = ""


def _patrol(request, patrol_id) -> Patrol:
    patrol = Patrol.objects.visible_to(request.auth).select_related("mission", "owner").filter(pk=patrol_id).first()
    if patrol is None:
        raise HttpError(404, f"no patrol {patrol_id} (or you may not see it)")
    return patrol


def _observation_out(o: PatrolObservation) -> dict:
    return {"id": o.pk, "observed_at": o.observed_at, "text": o.text, "lon": o.lon, "lat": o.lat,
            "incident": str(o.incident_id) if o.incident_id else None}


@router.post("/{patrol_id}/step", response=dict, summary="Start, complete, abort or cancel a patrol")
def step(request: HttpRequest, patrol_id: uuid.UUID, payload: StepIn):
    patrol = run.step(_patrol(request, patrol_id), payload.to, acting_user=request.auth, reason=payload.reason)
    return {"id": str(patrol.pk), "status": patrol.status, "status_reason": patrol.status_reason,
            "started_at": patrol.started_at, "ended_at": patrol.ended_at}


@router.get("/{patrol_id}/observations", response=list[dict], summary="A patrol's observations")
def observations(request: HttpRequest, patrol_id: uuid.UUID):
    seen = set(Incident.objects.visible_to(request.auth).filter(
        pk__in=PatrolObservation.objects.filter(patrol_id=patrol_id).values("incident_id")).values_list("pk", flat=True))
    out = []
    for o in report.observations_of(_patrol(request, patrol_id)):
        row = _observation_out(o)
        row["incident"] = row["incident"] if o.incident_id in seen else None
        out.append(row)
    return out


@router.post("/{patrol_id}/observations", response={201: dict}, summary="Add an observation to a patrol's report")
def observe(request: HttpRequest, patrol_id: uuid.UUID, payload: ObservationIn):
    observation = report.add_observation(_patrol(request, patrol_id), acting_user=request.auth,
                                         **payload.dict())
    return Status(201, _observation_out(observation))


@router.post("/{patrol_id}/observations/{observation_id}/incident", response={201: dict},
             summary="Make an observation an incident linked to the patrol")
def observation_incident(request: HttpRequest, patrol_id: uuid.UUID, observation_id: int, payload: IncidentIn):
    patrol = _patrol(request, patrol_id)
    observation = PatrolObservation.objects.select_related("patrol").filter(pk=observation_id, patrol=patrol).first()
    if observation is None:
        raise HttpError(404, f"no observation {observation_id} of this patrol")
    incident = report.make_incident(observation, acting_user=request.auth, **payload.dict())
    return Status(201, {"observation": observation.pk, "incident": str(incident.pk)})


@router.get("/{patrol_id}/proposals", response=list[dict], summary="Incidents proposed as related to a patrol")
def proposals(request: HttpRequest, patrol_id: uuid.UUID):
    return [{"id": p.pk, "incident": str(p.incident_id), "title": p.incident.title, "distance_m": p.distance_m,
             "minutes_apart": p.minutes_apart, "status": p.status}
            for p in linking.proposals_for(_patrol(request, patrol_id), request.auth)]


@router.post("/{patrol_id}/proposals/{proposal_id}", response=dict, summary="Confirm or reject a proposed incident")
def decide(request: HttpRequest, patrol_id: uuid.UUID, proposal_id: int, payload: DecisionIn):
    patrol = _patrol(request, patrol_id)
    proposal = IncidentProposal.objects.select_related("patrol").filter(pk=proposal_id, patrol=patrol).first()
    if proposal is None or not Incident.objects.visible_to(request.auth).filter(pk=proposal.incident_id).exists():
        raise HttpError(404, f"no proposal {proposal_id} of this patrol (or you may not see its incident)")
    if payload.decision not in ("confirm", "reject"):
        from peaceops.core.kit.errors import FieldError

        raise FieldError("decision", "must be confirm or reject")
    decided = (linking.confirm if payload.decision == "confirm" else linking.reject)(
        proposal, acting_user=request.auth, reason=payload.reason)
    return {"id": decided.pk, "status": decided.status}
