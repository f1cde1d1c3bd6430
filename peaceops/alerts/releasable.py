"""Community alerts as a releasable record type (`core.kit.releasable`): released to a partner, an alert comes
in its signed feed (`/api/v1/partners/{org}/feed/alerts`) without the reporter's name and phone (withheld from
readers outside the owning organisation; masked for readers inside it without `messaging.view_phone_numbers`)."""

from peaceops.core.kit.releasable import ReleasableType, register_releasable
from peaceops.core.kit.schemas import record_detail

from .detail import alert_workflow
from .models import Alert
from .services import AlertService


def _detail(alert) -> dict:
    return {**record_detail(AlertService(), alert), **alert_workflow(alert)}


def _prepare(alerts):
    return alerts.select_related("mission", "owner", "claimed_by", "assigned_to").prefetch_related(
        Alert.releases_in_force_prefetch())


ALERTS = ReleasableType(name="alerts", model=Alert, item="alert", detail=_detail, prepare=_prepare,
                        withheld=Alert.withheld_from_partners, detail_url="alerts:detail")


def register() -> None:
    """Register alerts with the releasable record types."""
    register_releasable(ALERTS)
