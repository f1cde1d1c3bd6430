"""Site pages under /sites/, from the kit's generic pages: list, detail (with the years), form, history."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.views import RecordPages

from .filters import SiteFilter
from .models import Site
from .services import SiteService


class SiteTable(tables.Table):
    name = tables.LinkColumn("sites:detail", args=[tables.A("pk")], verbose_name=_("Site"))

    class Meta:
        model = Site
        fields = ("name", "site_type", "location_name", "opened_on", "closed_on", "classification")


pages = RecordPages(service=SiteService(), filterset=SiteFilter, table=SiteTable, namespace="sites",
                    form_fields=("name", "site_type", "lon", "lat", "location_precision", "location_name",
                                 "opened_on", "closed_on", "notes"),
                    detail_fields=("site_type", "location_name", "lon", "lat", "location_precision", "opened_on",
                                   "closed_on", "notes", "source_id"))
