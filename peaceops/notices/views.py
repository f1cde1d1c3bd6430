"""The notification pages: `/notifications/` (the user's own, newest first, a page at a time), opening one (marks
it read and goes to what it is about, only ever a page of this site) and marking all read. A notification of
another user answers 404, as one that does not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .models import Notification
from .services import unread_count

PAGE_SIZE = 25


def same_site(url: str) -> str:
    """`url` when it is a path of this site ("/alerts/…"), else "" (never another site: no scheme, no host, no
    "//" or backslash tricks)."""
    url = (url or "").strip()
    if not url.startswith("/") or url.startswith(("//", "/\\")):
        return ""
    return url if url_has_allowed_host_and_scheme(url, allowed_hosts=set()) else ""


@login_required
@require_GET
def notification_list(request):
    notifications = Notification.objects.filter(user=request.user).select_related("mission")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "notices/notifications.html",
                            {"page": page, "unread": unread_count(request.user)})


@login_required
@require_GET
def notification_open(request, pk: int):
    """Mark the notification read and go to what it is about (the list when it links nowhere of this site)."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    return redirect(same_site(notification.url) or "notices:list")


@login_required
@require_POST
def notifications_read_all(request):
    count = Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, _("Marked as read: %(count)d") % {"count": count})
    return redirect("notices:list")
