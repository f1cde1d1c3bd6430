"""The COP page (placeholder until the map arrives)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def cop(request):
    """The common operational picture of the current mission."""
    return render(request, "web/cop_placeholder.html")
