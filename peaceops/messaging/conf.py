"""Messaging's settings, with their defaults (settings.py sets them from the environment)."""

from pathlib import Path

from django.conf import settings


def max_attempts() -> int:
    """Tries of one outbound message before it is failed."""
    return int(getattr(settings, "PEACEOPS_OUTBOX_MAX_ATTEMPTS", 6))


def retry_seconds() -> float:
    """The wait after the first failed try (doubled after each further one, at most an hour)."""
    return float(getattr(settings, "PEACEOPS_OUTBOX_RETRY_SECONDS", 60))


def claim_seconds() -> float:
    """How long a message may stay `sending` before its worker counts as dead."""
    return float(getattr(settings, "PEACEOPS_OUTBOX_CLAIM_SECONDS", 300))


def http_timeout() -> tuple[float, float]:
    """(connect, read) seconds for a gateway's API."""
    return (float(getattr(settings, "PEACEOPS_SMS_CONNECT_TIMEOUT", 5)),
            float(getattr(settings, "PEACEOPS_SMS_READ_TIMEOUT", 15)))


def public_url() -> str:
    """The platform's address as gateways see it (for status callback URLs), e.g. https://ops.example.org."""
    return getattr(settings, "PEACEOPS_PUBLIC_URL", "").rstrip("/")


def outbox_file() -> Path:
    """Where the file kind of gateway writes its messages."""
    default = Path(getattr(settings, "VAR_DIR", ".")) / "outbox.jsonl"
    return Path(getattr(settings, "PEACEOPS_MESSAGING_FILE", default))
