"""The kit's generic pages for the tests-only conduct cases (mounted under /testrecords/cases/ only under
pytest, like the app itself): list, detail, history, and the need-to-know pages (break glass, assignments)."""

import django_filters
import django_tables2 as tables

from peaceops.core.access import access_profile
from peaceops.core.kit.views import RecordPages
from peaceops.core.permissions import record_code

from .models import ConductCase


class ConductCaseService:
    """What the kit pages ask of a record type's service, for a record type without a kit service."""

    model = ConductCase

    def may(self, user, mission_id: int, action: str, owner_id: int | None = None) -> bool:
        return access_profile(user).has_perm(mission_id, record_code(self.model, action))

    def to_data(self, record) -> dict:
        return {"title": record.title, "classification": record.classification}


class ConductCaseFilter(django_filters.FilterSet):
    class Meta:
        model = ConductCase
        fields = ["title"]


class ConductCaseTable(tables.Table):
    title = tables.LinkColumn("testrecords:detail", args=[tables.A("pk")])

    class Meta:
        model = ConductCase
        fields = ("title", "classification")


pages = RecordPages(service=ConductCaseService(), filterset=ConductCaseFilter, table=ConductCaseTable,
                    namespace="testrecords", form_fields=("title",), detail_fields=("title",))
