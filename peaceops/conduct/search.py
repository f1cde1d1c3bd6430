"""Conduct cases in the one search (`peaceops.core.kit.search`): found by their reference only, and only by
whom `Case.objects.visible_to` lets read them (assigned, or by break-glass): anyone else finds no case and
counts none. The summary is not searched (a match would tell what an allegation says), and a hit's line
names the status and the date reported, never a person."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.search import Searchable, register_search

from .models import Case

SCOPES = ("conduct:read", "conduct:write")


def _summary(case) -> str:
    return " · ".join(
        str(part)
        for part in (case.get_status_display(), f"{case.reported_on:%Y-%m-%d}", case.mission.code)
        if part
    )


register_search(
    Searchable(
        key="conduct-cases",
        label=_("Conduct cases"),
        model=Case,
        ids=("reference",),
        titles=("reference",),
        order=("-reported_on", "reference"),
        url=lambda case: reverse("cases:detail", args=[case.pk]),
        summary=_summary,
        scopes=SCOPES,
        select_related=("mission",),
    )
)
