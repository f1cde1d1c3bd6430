"""The partner view: `/partners/<org code>/` shows, for the current mission, exactly what an organisation
receives (counts by classification and by category, and the list), redacted as that organisation reads it.

Open to whoever `permissions.may_view_partner` allows; anyone else is refused (403). The list is
`received_by(organisation, mission)`, narrowed to what the viewer may see (a viewer without the need-to-know
role is told that some records are not listed, never shown them). `release_scope` is the incident page's
form that releases (or withholds) an incident's sources to each partner it is released to. Incidents are read
through their registration as a releasable record type (`core.kit.releasable`): their model, categories and
the name of their page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from peaceops.core.access import access_profile
from peaceops.core.current_mission import current_mission
from peaceops.core.kit.releasable import releasable
from peaceops.core.models import Organisation
from peaceops.ledger.services import record_sensitive_list

from .permissions import may_view_partner
from .received import INCIDENTS, received_by
from .redaction import Reader
from .services import set_release_scope

PAGE_SIZE = 100


@login_required
@require_GET
def partner_view(request, code):
    """What organisation `code` receives in the current mission."""
    organisation = get_object_or_404(Organisation, code=code)
    mission = current_mission(request)
    if mission is None or not may_view_partner(request.user, mission, organisation):
        raise PermissionDenied(_("You may not see what this organisation receives."))
    incidents = releasable(INCIDENTS)
    category = incidents.category_field
    received = received_by(organisation, mission, incidents.model)
    shown = received.filter(pk__in=incidents.model.objects.visible_to(request.user).values("pk"))
    by_classification = list(shown.order_by("classification").values("classification")
                             .annotate(count=Count("pk")))
    by_category = list(shown.order_by(f"{category}__path").values(f"{category}__path", f"{category}__name")
                       .annotate(count=Count("pk")))
    page = Paginator(
        shown.select_related(category, "owner").defer("admin1", "admin2").order_by("-occurred_start", "-id"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    withheld = Reader.of_organisation(organisation, mission).withheld(
        (i.pk, i.mission_id, i.owner_id) for i in page)
    rows = [{"incident": i, "category": incidents.category_label(getattr(i, category)), "withheld": i.pk in withheld}
            for i in page]
    record_sensitive_list(request.user, ((i.pk, i.mission_id, i.classification) for i in page), via="partner-view")
    total = page.paginator.count
    context = {
        "organisation": organisation, "mission": mission, "page": page, "rows": rows, "total": total,
        "by_classification": by_classification, "by_category": by_category,
        "not_listed": received.count() > total,
    }
    return render(request, "partners/view.html", context)


def release_scope_choices(incident) -> list[tuple]:
    """For the incident page's form: (organisation, sources included?) for each organisation the incident
    is released to (other than its owner) or whose release scope is recorded."""
    from .models import ReleaseScope

    scopes = {s.organisation_id: s.include_sources
              for s in ReleaseScope.objects.filter(incident=incident).select_related("organisation")}
    organisations = {o.pk: o for o in incident.released_organisations() if o.pk != incident.owner_id}
    organisations.update({o.pk: o for o in Organisation.objects.filter(pk__in=scopes)})
    return [(o, scopes.get(o.pk, False)) for o in sorted(organisations.values(), key=lambda o: o.code)]


@login_required
@require_POST
def release_scope(request, pk):
    """The incident page's form: which partners receive the incident's sources (for whoever may edit it)."""
    incidents = releasable(INCIDENTS)
    incident = get_object_or_404(incidents.model.objects.visible_to(request.user).select_related("owner"), pk=pk)
    if not access_profile(request.user).can_edit(incident.mission_id, incident.owner_id):
        raise PermissionDenied(_("You may not change what this incident releases."))
    reason = (request.POST.get("reason") or "").strip()[:500]
    changed = []
    for organisation, included in release_scope_choices(incident):
        wanted = request.POST.get(f"sources_{organisation.code}") == "on"
        if wanted != included:
            set_release_scope(incident, organisation, include_sources=wanted, acting_user=request.user,
                              reason=reason)
            changed.append(organisation.code)
    if changed:
        messages.success(request, _("Release of sources changed for: %(orgs)s.") % {"orgs": ", ".join(changed)})
    return redirect(incidents.detail_url, pk=incident.pk)
