"""Dashboard pages (placeholder while the aggregates are built)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render


@login_required
def dashboard(request):
    return render(request, "web/dashboard.html")


@login_required
def sitrep_docx(request):
    return HttpResponse(status=404)
