"""Names of the kinds of ledger entry."""

from django.db import models


class LedgerKind(models.TextChoices):
    """What a ledger entry records."""

    CHANGE = "change", "Change-log entries written"
    SENSITIVE_VIEW = "sensitive-view", "Strictly confidential record shown"
    EXPORT = "export", "Export written"
    SHARING = "sharing", "Releasability changed"
    REFUSAL = "refusal", "Administrative action refused"
    ANCHOR = "anchor", "Anchor (chain head published)"
