"""Web views."""

from django.shortcuts import redirect


def home(request):
    """Until the COP page exists, the home page is the API documentation."""
    return redirect("/api/v1/docs")
