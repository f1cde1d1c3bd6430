"""Community alerts under /api/v1/alerts and focal points under /api/v1/focal-points, from the kit's router
factory (docs/user/alerts.md): list, detail, create, update, delete, history, releases, attachments.

An alert's detail also carries what the watch's workflow and the reading wrote, read-only: its reference, status,
priority (score, band and the factors behind it), when it was received, read, acknowledged, first responded to
and closed, and who claimed it and to whom it is assigned. A partner system raises an alert with a POST and a
token holding `alerts:write`; its channel is `api` unless it names one. The reporter's name and phone are
personal data: masked for readers without `messaging.view_phone_numbers` in the mission (`core.kit.personal`)."""

from pydantic import create_model

from peaceops.api.scopes import scoped
from peaceops.core.dates import SupportedDateTime
from peaceops.core.kit.api import RecordApi, record_router
from peaceops.core.kit.schemas import record_schemas

from .choices import AlertChannel
from .detail import WORKFLOW_FIELDS, alert_workflow
from .filters import AlertFilter, FocalPointFilter
from .services import AlertService, FocalPointService


class AlertApi(RecordApi):
    """The kit's API with the alert's own: the workflow fields in the detail (`detail_of`), an optional
    `received_at` on create (now), the channel `api` by default (`create_record`), newest first."""

    def __post_init__(self):
        detail, create, _patch = record_schemas(self.service)
        self.detail = create_model("AlertOut", __base__=detail, **WORKFLOW_FIELDS)
        self.create = create_model("AlertIn", __base__=create, received_at=(SupportedDateTime | None, None))
        super().__post_init__()

    def detail_of(self, record) -> dict:
        return {**super().detail_of(record), **alert_workflow(record)}

    def create_record(self, request, payload):
        if "channel" not in payload.model_fields_set:
            payload.channel = AlertChannel.API
        return super().create_record(request, payload)


router = record_router(AlertApi(service=AlertService(), filterset=AlertFilter, key="-received_at",
                                related=("mission", "owner", "claimed_by", "assigned_to")),
                       auth=scoped(read=["alerts:read", "alerts:write"], write=["alerts:write"]), tags=["alerts"])

focal_points_router = record_router(RecordApi(service=FocalPointService(), filterset=FocalPointFilter),
                                    auth=scoped(read=["alerts:read", "alerts:write"], write=["alerts:write"]),
                                    tags=["focal points"])
