"""A fixed-window request limit kept in the database, so every web process counts together (no cache
server to run). One UPDATE (and one INSERT at each window's first request) per request.

    if not allow(f"sms-hook:{gateway.pk}", limit=gateway.max_per_minute): return 429
    if not allow(f"public-report:{address_hash}", limit=10, window=dt.timedelta(hours=1)): ...

A key is counted in windows of one length only (the length is part of what the caller means by the key).
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import RateWindow

WINDOW = dt.timedelta(minutes=1)


def window_of(now: dt.datetime, window: dt.timedelta = WINDOW) -> dt.datetime:
    """The start of the fixed window of length `window` that holds `now`."""
    seconds = window.total_seconds()
    return dt.datetime.fromtimestamp((now.timestamp() // seconds) * seconds, tz=dt.UTC)


def allow(key: str, *, limit: int, now: dt.datetime | None = None, window: dt.timedelta = WINDOW) -> bool:
    """Count one request for `key` in the current window (of length `window`, a minute by default); False when
    the window already holds `limit`."""
    start = window_of(now or timezone.now(), window)
    with transaction.atomic():
        counted = RateWindow.objects.filter(key=key, window_start=start, count__lt=limit).update(
            count=F("count") + 1)
        if counted:
            return True
        if RateWindow.objects.filter(key=key, window_start=start).exists():
            return False  # full
        try:
            with transaction.atomic():
                RateWindow.objects.create(key=key, window_start=start, count=1)
        except IntegrityError:  # another process opened the window meanwhile
            return RateWindow.objects.filter(key=key, window_start=start, count__lt=limit).update(
                count=F("count") + 1) > 0
        # Old windows go with the first request of a new one.
        RateWindow.objects.filter(key=key, window_start__lt=start - window).delete()
        return limit > 0
