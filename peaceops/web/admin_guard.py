"""Refusals in the admin site: a change or delete the user may not make answers 403 and is audited.

`ReachGuardedAdmin` checks before Django opens the form's transaction (so the ledger entry of the refusal is
not rolled back with it), on the object as stored, whether or not the user's list shows it.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError

from peaceops.core.refusals import record_refusal


class ReachGuardedAdmin:
    """Mixin: `may_change(request, obj)` decides object-level change permission; a POST changing (or any
    request deleting) an object out of reach is refused with 403 and written to the ledger."""

    reach_refusal = "out of your reach"

    def may_change(self, request, obj) -> bool:
        return True

    def refusal_mission_id(self, obj) -> int | None:
        return getattr(obj, "mission_id", None)

    def stored(self, object_id):
        """The object as stored (not limited to the user's list), or None."""
        try:
            return self.model._default_manager.filter(pk=unquote(object_id)).first()
        except (ValueError, TypeError, ValidationError):
            return None

    def refuse(self, request, obj, action: str, reason: str = ""):
        reason = reason or f"{self.model._meta.verbose_name} {obj}: {self.reach_refusal}"
        record_refusal(request.user, action=f"admin:{action}:{self.model._meta.label_lower}",
                       target=f"{self.model._meta.label_lower} {obj.pk} ({obj})", reason=reason,
                       mission_id=self.refusal_mission_id(obj))
        raise PermissionDenied(reason)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.may_change(request, obj))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id and request.method == "POST":
            obj = self.stored(object_id)
            if obj is not None and not self.has_change_permission(request, obj):
                self.refuse(request, obj, "change")
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.stored(object_id)
        if obj is not None and not self.has_delete_permission(request, obj):
            self.refuse(request, obj, "delete")
        return super().delete_view(request, object_id, extra_context)
