"""The force registry's pages, from the kit's generic pages: contingents, units and contributions (list, detail,
form, history)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.views import RecordPages

from .filters import ContingentFilter, ContributionFilter, UnitFilter
from .models import Contingent, Contribution, Unit
from .services import ContingentService, ContributionService, UnitService


class ContingentTable(tables.Table):
    name = tables.LinkColumn("contingents:detail", args=[tables.A("pk")], verbose_name=_("Contingent"))

    class Meta:
        model = Contingent
        fields = ("name", "country", "kind", "classification")


class UnitTable(tables.Table):
    name = tables.LinkColumn("units:detail", args=[tables.A("pk")], verbose_name=_("Unit"))

    class Meta:
        model = Unit
        fields = ("name", "unit_type", "contingent", "classification")


class ContributionTable(tables.Table):
    country_name = tables.LinkColumn("contributions:detail", args=[tables.A("pk")], verbose_name=_("Country"))
    total = tables.Column(verbose_name=_("total"), orderable=False)

    class Meta:
        model = Contribution
        fields = ("country_name", "country", "un_mission", "year", "month", "female", "male", "total")


contingent_pages = RecordPages(
    service=ContingentService(), filterset=ContingentFilter, table=ContingentTable, namespace="contingents",
    form_fields=("name", "country", "kind", "national_caveats", "notes"),
    detail_fields=("name", "country", "kind", "national_caveats", "notes", "source_id"))
unit_pages = RecordPages(
    service=UnitService(), filterset=UnitFilter, table=UnitTable, namespace="units", children_forms=True,
    form_fields=("contingent", "name", "unit_type", "national_caveats", "notes"),
    detail_fields=("contingent", "unit_type", "national_caveats", "notes", "source_id"))
contribution_pages = RecordPages(
    service=ContributionService(), filterset=ContributionFilter, table=ContributionTable, namespace="contributions",
    form_fields=("country", "country_name", "un_mission", "year", "month", "as_of", "personnel_category", "female",
                 "male"),
    detail_fields=("country", "country_name", "un_mission", "year", "month", "as_of", "personnel_category",
                   "female", "male", "source_id"))
