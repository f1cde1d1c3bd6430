"""Pages of community alerts (/alerts/) and focal points (/alerts/focal-points/), from the kit's generic pages.

The alert list shows what the watch scans for (reference, when received, channel, category, place, status,
priority band); an alert's page (`alerts/alert_detail.html`) shows the message itself first, then what its
reading found, where it stands and its priority with the reasons. Staff record an alert taken by phone or in
person with the create form (channel: phone call or recorded by staff). The reporter's name and phone are
masked for readers without `messaging.view_phone_numbers` (the kit's personal fields)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.views import RecordPages

from .choices import AlertChannel
from .filters import AlertFilter, FocalPointFilter
from .models import Alert, FocalPoint
from .services import AlertService, FocalPointService

#: The channels staff choose from when they record an alert themselves.
STAFF_CHANNELS = (AlertChannel.PHONE, AlertChannel.STAFF)


class AlertTable(tables.Table):
    """The alert list: newest first; the place is the one read from the text, else as the reporter wrote it."""

    reference = tables.LinkColumn("alerts:detail", args=[tables.A("pk")], verbose_name=_("Reference"))
    received_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name=_("Received"))
    place = tables.Column(empty_values=(), orderable=False, verbose_name=_("Place"))
    priority_band = tables.Column(verbose_name=_("Priority"))

    class Meta:
        model = Alert
        fields = ("reference", "received_at", "channel", "category", "place", "status", "priority_band")
        order_by = ("-received_at",)
        attrs = {"class": "data alert-table"}
        row_attrs = {"data-band": lambda record: record.priority_band}

    def render_place(self, record):
        return record.location_name or record.place_text or "—"

    def render_priority_band(self, value, record):
        return f"{record.get_priority_band_display()} ({record.priority})"


class AlertPages(RecordPages):
    """The kit's pages; the create form offers the staff channels only, and an empty time received is now."""

    def _form_class(self, mission, fields=None, user=None):
        base = super()._form_class(mission, fields, user)

        class AlertForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if "received_at" in self.fields:
                    self.fields["received_at"].required = False
                    self.fields["received_at"].help_text = _("Empty: now.")
                if "channel" in self.fields and not kwargs.get("initial"):  # a new alert, taken by staff
                    self.fields["channel"].choices = [(c.value, c.label) for c in STAFF_CHANNELS]

        return AlertForm


ALERT_FORM = ("text", "channel", "language", "received_at", "place_text", "location_name", "lon", "lat",
              "location_precision", "category", "severity", "anonymous", "reporter_name", "reporter_phone")

pages = AlertPages(service=AlertService(), filterset=AlertFilter, table=AlertTable, namespace="alerts",
                   form_fields=ALERT_FORM,
                   detail_fields=("channel", "language", "anonymous", "reporter_name", "reporter_phone",
                                  "focal_point", "trust"))


class FocalPointTable(tables.Table):
    name = tables.LinkColumn("focal_points:detail", args=[tables.A("pk")], verbose_name=_("Name"))

    class Meta:
        model = FocalPoint
        fields = ("name", "village", "phone", "languages", "trust", "active")
        attrs = {"class": "data"}


focal_point_pages = RecordPages(service=FocalPointService(), filterset=FocalPointFilter, table=FocalPointTable,
                                namespace="focal_points",
                                form_fields=("name", "phone", "village", "languages", "trust", "active"),
                                detail_fields=("phone", "village", "languages", "trust", "active"))
