"""The one door for notifying users."""

from .models import Notification


def notify(user, *, kind: str, text: str, url: str = "", mission=None, related=None) -> Notification:
    """Tell `user` something in the app (call inside the transaction of what it is about: it is stored only if
    that commits). `related` is the record it concerns (kept as type and id)."""
    related_type = f"{related._meta.app_label}.{related._meta.model_name}" if related is not None else ""
    return Notification.objects.create(user=user, mission=mission, kind=kind, text=text[:500], url=url,
                                       related_type=related_type,
                                       related_id=str(related.pk) if related is not None else "")


def unread_count(user) -> int:
    """How many notifications the user has not read (one count on the (user, read_at) index: the header's bell)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
