"""Site pages under /sites/, from the kit's generic pages: list, detail (with the years), form, history."""

import django_tables2 as tables
from django.db.models import OuterRef, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.views import RecordPages

from .filters import SiteFilter
from .models import Site, SiteYear, seen_text
from .services import SiteService


class SiteTable(tables.Table):
    """The sites list. An opening or closing date not recorded shows the first or last year the site was seen
    (Geo-PKO imports know years, not dates), read with the rows (two subqueries, no query per row)."""

    name = tables.LinkColumn("sites:detail", args=[tables.A("pk")], verbose_name=_("Site"))
    opened_on = tables.Column(empty_values=())
    closed_on = tables.Column(empty_values=())

    class Meta:
        model = Site
        fields = ("name", "site_type", "location_name", "opened_on", "closed_on", "classification")

    def __init__(self, data, *args, **kwargs):
        years = SiteYear.objects.filter(site=OuterRef("pk")).values("year")
        data = data.annotate(first_year=Subquery(years.order_by("year")[:1]),
                             last_year=Subquery(years.order_by("-year")[:1]))
        super().__init__(data, *args, **kwargs)

    def render_opened_on(self, value, record):
        return date_format(value) if value else seen_text("first", record.first_year) or "—"

    def render_closed_on(self, value, record):
        return date_format(value) if value else seen_text("last", record.last_year) or "—"


pages = RecordPages(service=SiteService(), filterset=SiteFilter, table=SiteTable, namespace="sites",
                    form_fields=("name", "site_type", "lon", "lat", "location_precision", "location_name",
                                 "opened_on", "closed_on", "notes"),
                    detail_fields=("site_type", "location_name", "lon", "lat", "location_precision", "opened_on",
                                   "closed_on", "notes", "source_id"))
