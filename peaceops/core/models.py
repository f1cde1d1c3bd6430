"""Core records: missions, organisations, memberships, role permissions, API tokens and the change log.

The abstract `DomainRecord` every domain model inherits lives in `core.records`.
"""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from .choices import (
    ChangeAction,
    ConflictState,
    InformationCredibility,
    LinkKind,
    OrganisationType,
    Role,
    SourceReliability,
)
from .permissions import registry


def validate_registered(code: str) -> None:
    """A RolePermission may give only a code some app has registered (`core.permissions.registry`)."""
    if code not in registry:
        raise ValidationError(f"{code!r} is not a registered permission", code="unregistered")


class Mission(models.Model):
    """One peace operation, e.g. UNMIK (Kosovo) or MINUSCA (Central African Republic)."""

    code = models.CharField(max_length=32, unique=True, help_text="Short code, e.g. UNMIK")
    name = models.CharField(max_length=200)
    country_iso3 = models.CharField(max_length=3, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: How many edit conflicts of the mission are open (kept by `core.kit.conflicts`): pages read the open
    #: conflicts (the menu, a record's banner) only when it is not 0, so a mission without any costs no query.
    open_edit_conflicts = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Organisation(models.Model):
    """A mission component or partner (KFOR, OSCE, EULEX, Kosovo Police, UNHCR, an NGO...)."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=32, choices=OrganisationType.choices)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Participation(models.Model):
    """An organisation taking part in a mission: only participants are offered or accepted for roles, releases,
    sharing groups and agreements in that mission.

    `administered_by` is the organisation whose role managers in the mission administer this participation
    (grant and revoke the memberships of `organisation` there); by default the organisation itself. A mission
    may host a partner's participation by naming its own component here. Created and removed by superusers
    (the admin) or operators (`grant_role`, the CLI, the demo loader)."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="participations")
    administered_by = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="administered_participations",
        help_text="Whose role managers in the mission grant this organisation's roles (usually itself)")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["mission", "organisation"]
        constraints = [models.UniqueConstraint(fields=["mission", "organisation"], name="uniq_participation")]

    def __str__(self) -> str:
        return f"{self.organisation}@{self.mission}"


class Membership(models.Model):
    """A user's role in a mission, on behalf of an organisation. A user may hold several roles.

    A temporary role has an end (`ends_at`); from then on it gives nothing (the row stays until revoked).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=40, choices=Role.choices)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="End of a temporary role (UTC); empty: no end")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "mission", "organisation", "role"], name="uniq_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.organisation}@{self.mission}"


class RolePermission(models.Model):
    """One permission a role gives, in every mission where a user holds the role. Edited by superusers.

    `permission` is a code of the registry (`core.permissions.registry`): saving any other is refused."""

    role = models.CharField(max_length=40, choices=Role.choices)
    permission = models.CharField(max_length=64, validators=[validate_registered])

    class Meta:
        ordering = ["role", "permission"]
        constraints = [models.UniqueConstraint(fields=["role", "permission"], name="uniq_role_permission")]

    def __str__(self) -> str:
        return f"{self.role}: {self.permission}"

    def save(self, *args, **kwargs):
        validate_registered(self.permission)
        super().save(*args, **kwargs)


class RecordAssignment(models.Model):
    """A user assigned to one record of a need-to-know record type: the only way (besides a break-glass access)
    anyone sees such a record, whatever their role. Made and removed through `core.assignments`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="record_assignments")
    record_type = models.CharField(max_length=64, help_text="app_label.model")
    record_id = models.CharField(max_length=64)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", db_index=False)
    reason = models.TextField()
    assigned_at = models.DateTimeField()

    class Meta:
        ordering = ["record_type", "record_id", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "record_type", "record_id"],
                                               name="uniq_record_assignment")]

    def __str__(self) -> str:
        return f"{self.user} on {self.record_type} {self.record_id}"


class RecordLink(models.Model):
    """A link from one record to another, of any record types of the kit (an alert that is a source of an
    incident): what the first is to the second (`kind`), graded by the admiralty code (how reliable the source,
    how credible the information), by whom and when. Made through `core.kit.links` only, which logs it on both
    records; read through `links_of`, which shows only the linked records the reader may see."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+")
    from_type = models.CharField(max_length=64, help_text="app_label.model")
    from_id = models.CharField(max_length=64)
    to_type = models.CharField(max_length=64, help_text="app_label.model")
    to_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=16, choices=LinkKind.choices, default=LinkKind.SOURCE)
    reliability = models.CharField(max_length=1, choices=SourceReliability.choices, blank=True)
    credibility = models.CharField(max_length=1, choices=InformationCredibility.choices, blank=True)
    note = models.TextField(blank=True)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", db_index=False)
    linked_at = models.DateTimeField()

    class Meta:
        ordering = ["linked_at", "id"]
        constraints = [models.UniqueConstraint(fields=["from_type", "from_id", "to_type", "to_id", "kind"],
                                               name="uniq_record_link")]
        indexes = [models.Index(fields=["from_type", "from_id"], name="recordlink_from_idx"),
                   models.Index(fields=["to_type", "to_id"], name="recordlink_to_idx")]

    def __str__(self) -> str:
        return f"{self.from_type} {self.from_id} {self.kind} of {self.to_type} {self.to_id}"

    @property
    def grading(self) -> str:
        """The admiralty code, e.g. "B2" ("" when ungraded)."""
        return f"{self.reliability}{self.credibility}"


class BreakGlassAccess(models.Model):
    """An emergency access to one record of a need-to-know record type: asked for with a reason, sealed in the
    ledger, and in force until `ends_at`. Made through `core.assignments.break_glass`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="break_glass_accesses")
    record_type = models.CharField(max_length=64, help_text="app_label.model")
    record_id = models.CharField(max_length=64)
    reason = models.TextField()
    started_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "record_type", "ends_at"], name="break_glass_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} broke glass on {self.record_type} {self.record_id} until {self.ends_at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A bearer token for machine access to the API. Only the SHA-256 of the secret is stored.

    A token carries scopes (space-separated `TokenScope` values) that narrow what it may do, an expiry, and
    may be revoked; a revoked or expired token answers 401.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, db_index=True)
    scopes = models.CharField(max_length=300, blank=True, help_text="Space-separated scopes")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Empty: never (tokens made before expiry)")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    def has_scope(self, *wanted: str) -> bool:
        """True when the token holds one of `wanted`, or `admin`."""
        held = set(self.scope_list)
        return "admin" in held or any(w in held for w in wanted)

    def is_expired(self, now=None) -> bool:
        from django.utils import timezone

        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def status(self) -> str:
        """"revoked", "expired" or "active"."""
        if self.revoked:
            return "revoked"
        return "expired" if self.is_expired() else "active"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "po_" + secrets.token_urlsafe(32)


class ChangeLogEntry(models.Model):
    """One create, update or delete of a domain record: who, when, why, and the state before and after."""

    id = models.BigAutoField(primary_key=True)
    time = models.DateTimeField(db_index=True)
    # The actor and the mission stay as written when the user or the mission is deleted (no constraint, no
    # SET NULL): the ledger seals them with the rest of the entry (peaceops.ledger.canonical).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True, help_text="Kept if the user is deleted")
    action = models.CharField(max_length=16, choices=ChangeAction.choices)
    object_type = models.CharField(max_length=64, help_text="app_label.model")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200, blank=True)
    mission = models.ForeignKey(Mission, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
                                related_name="+")
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id", "id"], name="changelog_object_idx")]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.object_id}"


class EditConflict(models.Model):
    """An edit that met changes made meanwhile to the same fields of a record: kept here instead of being
    written, until its author or a user who may edit the record chooses, field by field, between the value
    stored now and the author's (`core.kit.conflicts`, its one door; the conflict page in `core.kit.conflict_views`).

    Values are kept as JSON in the record type's comparable form (`core.kit.conflicts.EditFields`):
    `conflicting` maps each field changed both by the author and meanwhile, to different values, to
    `{"base", "mine", "current"}` (as the author started from, as they wrote it, as stored when they saved);
    `other_changes` maps the fields only the author changed to `{"base", "mine"}` (applied with the choices)."""

    id = models.BigAutoField(primary_key=True)
    object_type = models.CharField(max_length=64, help_text="app_label.model")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200, blank=True)
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    base_version = models.CharField(max_length=32, blank=True, help_text="The record's version the edit started from")
    conflicting = models.JSONField(default=dict)
    other_changes = models.JSONField(default=dict)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField()
    state = models.CharField(max_length=16, choices=ConflictState.choices, default=ConflictState.OPEN)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", db_index=False)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "state"], name="conflict_record_idx"),
                   models.Index(fields=["mission", "state"], name="conflict_mission_idx")]

    def __str__(self) -> str:
        return f"edit conflict {self.pk} on {self.object_type} {self.object_id}"


def new_request_id() -> str:
    return uuid.uuid4().hex


class Attachment(models.Model):
    """A file attached to one record of any kit record type (a photo of an incident, a scanned report): the
    original bytes, kept unchanged on disk under the media directory, with their SHA-256, size and content type
    (checked by the file's first bytes), and a thumbnail without metadata. It belongs to the record's mission and
    owning organisation and is seen exactly when the record is. Added and removed through
    `core.kit.attachments` (the record service's `attach` and `detach`), never saved directly."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    record_type = models.CharField(max_length=64, help_text="app_label.model")
    record_id = models.CharField(max_length=64)
    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                              help_text="The record's owning organisation")
    name = models.CharField(max_length=255, help_text="The file's name as uploaded")
    content_type = models.CharField(max_length=64)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=300, help_text="The original, relative to the media directory")
    thumbnail = models.CharField(max_length=300, blank=True,
                                 help_text="The thumbnail, relative to the media directory (none for a PDF)")
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", db_index=False)
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["record_type", "record_id", "uploaded_at"], name="attachment_record_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.record_type} {self.record_id})"


class SubmissionKey(models.Model):
    """An idempotency key a user sent with a write (a report form's `submission_key`, an API call's
    `Idempotency-Key`), and the record that write made or changed: written in the same transaction, so a repeat
    of the same write (a retry whose answer was lost, a phone's queue sending again) finds it and makes nothing
    twice (`peaceops.core.kit.idempotency`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    record_type = models.CharField(max_length=64, help_text="app_label.model")
    record_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="submission_key_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.key} -> {self.record_type} {self.record_id}"
