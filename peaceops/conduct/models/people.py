"""The people in a case (victims, witnesses, subjects, complainants): their identities encrypted at rest with
keys kept outside the database (`core.kit.cipher`), each read of them recorded (`IdentityRead`, sealed in the
ledger through the change log)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import AgeGroup, PersonRole
from .cases import Case


class CasePerson(models.Model):
    """One person in a case. `name_sealed`, `contact_sealed` and `details_sealed` hold ciphertext only
    (`identities.reveal` decrypts, and records the read); what is plain (role, age group, sex) names no one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("role"), max_length=12, choices=PersonRole.choices)
    age_group = models.CharField(
        _("age group"), max_length=8, choices=AgeGroup.choices, default=AgeGroup.UNKNOWN
    )
    name_sealed = models.TextField(blank=True)
    contact_sealed = models.TextField(blank=True)
    details_sealed = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    #: The encrypted fields (`core.kit.cipher.register_sealed`: key rotation re-encrypts them).
    sealed_fields = ("name_sealed", "contact_sealed", "details_sealed")

    class Meta:
        verbose_name = _("person in a case")
        verbose_name_plural = _("people in cases")
        ordering = ["case", "role", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} in {self.case_id}"


class IdentityRead(models.Model):
    """One read of a person's identity: who read it, when and why (written with its change-log entry, so the
    ledger seals it). Kept when the person is removed from the case (`person` then empty): removing a person
    erases no trace of who read them."""

    person = models.ForeignKey(CasePerson, null=True, on_delete=models.SET_NULL, related_name="reads")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))
    reason = models.CharField(_("reason"), max_length=500)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"read of {self.person_id} by {self.user_id}"
