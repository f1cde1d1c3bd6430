"""Names of the kinds of ledger entry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerKind(models.TextChoices):
    """What a ledger entry records."""

    CHANGE = "change", _("Change-log entries written")
    SENSITIVE_VIEW = "sensitive-view", _("Strictly confidential record shown")
    EXPORT = "export", _("Export written")
    SHARING = "sharing", _("Releasability changed")
    REFUSAL = "refusal", _("Administrative action refused")
    ANCHOR = "anchor", _("Anchor (chain head published)")
