"""The conduct and discipline overview (/conduct/, `conduct:overview`): the reader's own cases by status
(those they are assigned to or have opened by break-glass: `Case.objects.visible_to`, nothing else is
counted), what falls due in the next days and what is overdue (`step_due_at`), and the links to the conduct
pages the reader may open (cases, statistics, prevention, settings). It opens for anyone holding a conduct
permission in the current mission; a page of another part is linked once it is mounted."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import Resolver404, path, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.core.access import access_profile
from peaceops.core.current_mission import current_mission

from .choices import CaseStatus
from .models import Case

#: How far ahead the overview lists the deadlines coming.
DUE_DAYS = 7
#: The pages of the other conduct parts (path, the permission that opens it, its name), linked when mounted.
OTHER_PAGES = (
    ("/conduct/statistics/", "conduct.statistics.view", _("Statistics")),
    ("/conduct/risk/", "conduct.riskassessment.view", _("SEA risk assessments")),
    ("/conduct/training/", "conduct.trainingcompletion.view", _("SEA prevention training")),
    ("/conduct/measures/", "conduct.preventionmeasure.view", _("Prevention measures")),
    ("/conduct/refer/", "conduct.case.refer", _("Refer an allegation")),
    ("/conduct/settings/", "conduct.settings.change", _("Settings")),
)


def holds_conduct_permission(user, mission) -> bool:
    """Whether one of the user's roles in `mission` gives any conduct permission (superusers: always)."""
    profile = access_profile(user)
    if profile.superuser:
        return True
    access = profile.in_mission(mission.pk)
    return bool(access and any(code.startswith("conduct.") for code in access.permissions))


def _mounted(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _links(user, mission) -> list[dict]:
    profile = access_profile(user)
    links = []
    if profile.has_perm(mission.pk, "conduct.case.view"):
        links.append({"id": "cases", "url": reverse("cases:list"), "label": _("My cases")})
    if profile.has_perm(mission.pk, "conduct.case.add"):
        links.append({"id": "new-case", "url": reverse("cases:create"), "label": _("Record a case")})
    if profile.has_perm(mission.pk, "conduct.case.break_glass"):
        links.append(
            {
                "id": "break-glass",
                "url": reverse("cases:break_glass"),
                "label": _("Open a case by break-glass"),
            }
        )
    for url, code, label in OTHER_PAGES:
        if profile.has_perm(mission.pk, code) and _mounted(url):
            links.append({"id": url.strip("/").rsplit("/", 1)[-1], "url": url, "label": label})
    return links


@login_required
def overview(request):
    """The reader's cases by status, those due within `DUE_DAYS` and overdue, and the conduct pages they may
    open; 403 for a reader without any conduct permission in the current mission."""
    mission = current_mission(request)
    if mission is None or not holds_conduct_permission(request.user, mission):
        raise PermissionDenied(_("You hold no conduct and discipline permission in this mission."))
    now = timezone.now()
    mine = list(
        Case.objects.visible_to(request.user)
        .filter(mission=mission)
        .select_related("lead_officer")
        .order_by("step_due_at", "-reported_on", "reference")
    )
    by_status = [
        {"status": value, "label": label, "cases": [c for c in mine if c.status == value]}
        for value, label in CaseStatus.choices
    ]
    open_cases = [c for c in mine if c.status != CaseStatus.CLOSED and c.step_due_at]
    overdue = [c for c in open_cases if c.step_due_at < now]
    due = [c for c in open_cases if now <= c.step_due_at < now + dt.timedelta(days=DUE_DAYS)]
    return TemplateResponse(
        request,
        "conduct/overview.html",
        {
            "mission": mission,
            "by_status": by_status,
            "count": len(mine),
            "overdue": overdue,
            "due": due,
            "due_days": DUE_DAYS,
            "links": _links(request.user, mission),
            "reads_cases": access_profile(request.user).has_perm(mission.pk, "conduct.case.view"),
        },
    )


app_name = "conduct"
urlpatterns = [path("", overview, name="overview")]
