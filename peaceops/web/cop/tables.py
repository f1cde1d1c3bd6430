"""The list of incidents beside the COP map: a sortable, paginated django-tables2 table."""

import django_tables2 as tables
from django.core.paginator import Paginator
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from peaceops.incidents.models import Incident

from .legend import localised

PAGE_SIZE = 25

#: The words of django-tables2's pagination, which ships no Albanian or Serbian catalogue: named here so that
#: makemessages puts them in ours (Django looks a word up in LOCALE_PATHS before the apps' catalogues).
PAGINATION_WORDS = (gettext_noop("previous"), gettext_noop("next"))


def incident_url(incident_id) -> str:
    """The incident's detail page."""
    try:
        return reverse("incidents:detail", args=[incident_id])
    except NoReverseMatch:  # the incident pages are mounted by their own app; the path is the contract
        return f"/incidents/{incident_id}/"


def _cell(label, name: str) -> dict:
    """A column's cell attributes: a class to style it by and its header as `data-label`, shown before the
    value where the list is laid out as one card per incident (a phone)."""
    return {"td": {"class": f"col-{name}", "data-label": label}, "th": {"class": f"col-{name}"}}


class IncidentTable(tables.Table):
    """Incidents in view: when, what, where, casualties, status and classification; rows link to the detail."""

    occurred_start = tables.DateTimeColumn(verbose_name=_("When (UTC)"), format="Y-m-d H:i",
                                           attrs=_cell(_("When (UTC)"), "when"))
    classification = tables.Column(verbose_name=_("Classification"), attrs=_cell(_("Classification"), "marking"))
    title = tables.Column(verbose_name=_("Incident"), attrs=_cell(_("Incident"), "title"))
    category = tables.Column(verbose_name=_("Category"), order_by=("category__path",),
                             attrs=_cell(_("Category"), "category"))
    place = tables.Column(verbose_name=_("Place"), accessor="location_name", order_by=("location_name",),
                          empty_values=(), attrs=_cell(_("Place"), "place"))
    fatalities_best = tables.Column(verbose_name=_("Killed"), attrs=_cell(_("Killed"), "killed"))
    status = tables.Column(verbose_name=_("Status"), attrs=_cell(_("Status"), "status"))

    class Meta:
        model = Incident
        # The classification beside the time: the column partners need most is never the one cut off.
        fields = ("occurred_start", "classification", "title", "category", "place", "fatalities_best", "status")
        order_by = ("-occurred_start",)
        template_name = "django_tables2/table.html"
        attrs = {"class": "data cop-table", "id": "cop-table"}
        row_attrs = {"data-incident": lambda record: str(record.pk)}
        empty_text = _("No incident in view matches the filters.")

    def __init__(self, *args, language: str = "en", **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language

    def render_title(self, value, record):
        return format_html('<a href="{}">{}</a>', incident_url(record.pk), value)

    def render_category(self, value, record):
        return localised(value.names, value.name, self.language)

    def render_place(self, value, record):
        if value:
            return value
        area = record.admin2 or record.admin1
        return localised(area.names, area.name, self.language) if area else "—"

    def render_classification(self, value, record):
        return format_html('<span class="marking marking-{}">{}</span>', record.classification.lower(),
                           record.get_classification_display())


def table_queryset(queryset):
    """The incident queryset with what the table shows joined in (a fixed number of queries per page)."""
    return queryset.select_related("category", "admin1", "admin2").defer(
        "description", "admin1__geometry", "admin2__geometry"
    )


#: The COP list counts incidents up to this many; beyond it says "more than" (counting 1M rows takes seconds).
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator that counts at most COUNT_CAP + 1 rows: `count_capped` tells when the true count is larger."""

    @cached_property
    def count(self) -> int:
        rows = self.object_list  # django-tables2's BoundRows over the table's queryset data
        queryset = getattr(getattr(rows, "data", None), "data", rows)
        return queryset[: COUNT_CAP + 1].count()

    @property
    def cap(self) -> int:
        return COUNT_CAP

    @property
    def count_capped(self) -> bool:
        return self.count > COUNT_CAP
