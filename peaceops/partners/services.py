"""The one door for changing release scopes: `set_release_scope`, which checks, writes and logs."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from peaceops.core.access import access_profile
from peaceops.core.changelog import log_change, snapshot
from peaceops.core.choices import ChangeAction
from peaceops.core.services import PermissionDenied

from .models import ReleaseScope


@transaction.atomic
def set_release_scope(incident, organisation, *, include_sources: bool, acting_user, reason: str = "",
                      ) -> ReleaseScope:
    """Say whether `organisation` receives the sources, witnesses and victims' names of `incident`.

    Allowed to whoever may edit the incident (its owner's reporting roles, mission administrators). Writes a
    change-log entry (object type `partners.releasescope`, carrying the incident and organisation ids, which is
    how the partner feed notices the change); setting the value it already has writes nothing.
    """
    if not access_profile(acting_user).can_edit(incident.mission_id, incident.owner_id):
        raise PermissionDenied(f"{acting_user} may not change what {incident.owner.code}'s incident releases",
                               gettext_lazy("You may not change what this incident releases."))
    scope = (ReleaseScope.objects.select_for_update().select_related("incident")
             .filter(incident=incident, organisation=organisation).first())
    before = snapshot(scope) if scope else None
    if scope is None:
        if not include_sources:
            return ReleaseScope(incident=incident, organisation=organisation, include_sources=False)
        scope = ReleaseScope(incident=incident, organisation=organisation)
    elif scope.include_sources == include_sources:
        return scope
    scope.include_sources = include_sources
    scope.updated_at = timezone.now()
    scope.save()
    log_change(action=ChangeAction.UPDATE if before else ChangeAction.CREATE, obj=scope,
               acting_user=acting_user, before=before, after=snapshot(scope), reason=reason)
    return scope
