"""Accounts records: the audit trail of sign-ins."""

from django.conf import settings
from django.db import models

from .choices import SignInOutcome


class SignInEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Superusers see every event; holders of `accounts.view_sign_ins` in a mission (by default mission
        administrators) the events of the members of that mission; everyone else their own."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        from peaceops.core.access import missions_where
        from peaceops.core.models import Membership
        from peaceops.core.permissions import Permission

        administered = missions_where(user, Permission.ACCOUNTS_VIEW_SIGN_INS)
        members = Membership.objects.filter(mission_id__in=administered).values("user_id")
        member_names = (
            Membership.objects.filter(mission_id__in=administered).values("user__username")
        )
        return self.filter(
            models.Q(user=user) | models.Q(user_id__in=members) | models.Q(username__in=member_names)
        )


class SignInEvent(models.Model):
    """One sign-in attempt, second-factor check, sign-out or unlock: who (as typed), when, from where, outcome."""

    id = models.BigAutoField(primary_key=True)
    time = models.DateTimeField(db_index=True)
    username = models.CharField(max_length=150, db_index=True, help_text="The user name as typed")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="sign_in_events")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(max_length=20, choices=SignInOutcome.choices, db_index=True)
    detail = models.CharField(max_length=200, blank=True)

    objects = SignInEventQuerySet.as_manager()

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["user", "-time"], name="signin_user_time")]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.username} {self.outcome}"

    @property
    def failed(self) -> bool:
        from .choices import FAILED_OUTCOMES

        return self.outcome in FAILED_OUTCOMES
