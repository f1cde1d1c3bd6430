"""The search page (`/search/?q=`): one search over every record type the user may see
(`peaceops.core.kit.search`), server-rendered, paged with plain links, so it works without JavaScript. The
header's search box sends its query here."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.search import MAX_PAGE, MAX_QUERY, search, searchable_types


def _page_number(raw) -> int:
    try:
        return min(MAX_PAGE, max(1, int(raw)))
    except (TypeError, ValueError):
        return 1


@login_required
@require_GET
def search_page(request):
    """Results for `q` (page `page`); an empty or overlong query shows why instead."""
    raw = request.GET.get("q", "")
    context = {"q": raw[: MAX_QUERY * 2], "max_query": MAX_QUERY, "results": None, "error": None, "types": {}}
    if "q" in request.GET:
        try:
            results = search(request.user, raw, page=_page_number(request.GET.get("page")))
        except FieldError as error:
            context["error"] = error.message
        else:
            context["results"] = results
            context["types"] = [(k, results.counts[k.key]) for k in searchable_types() if results.counts.get(k.key)]
    return render(request, "web/search.html", context, status=400 if context["error"] else 200)
