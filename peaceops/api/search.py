"""`GET /api/v1/search?q=`: the one search over every record type (`peaceops.core.kit.search`), as JSON.

Each record type is searched through `visible_to(caller)`, so a record the caller may not see is neither listed
nor counted. A bearer token searches only the record types its scopes read (`incidents:read` the incidents,
`sites:read` the sites, `admin` all); a token reading none of them is refused. An empty or overlong query
answers 422 naming `q`.
"""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.search import PER_PAGE, TEXT, TITLE, search, searchable_types

from .scopes import scoped

RANKS = {0: "id", TITLE: "title", TEXT: "text"}


def _read_scopes() -> list[str]:
    return sorted({scope for kind in searchable_types() for scope in kind.scopes})


router = Router(tags=["search"], auth=scoped(read=_read_scopes(), write=[]))


class HitOut(Schema):
    type: str  # the record type: incidents, sites
    id: str
    title: str
    summary: str
    mission: str
    classification: str
    match: str  # where the query matched: id (an exact id or reference), title, text
    url: str  # the record's page


class SearchOut(Schema):
    q: str
    count: int
    counts: dict[str, int]
    page: int
    pages: int
    next_page: int | None
    items: list[HitOut]


@router.get("", response=SearchOut, summary="Search every record type you may see")
def search_records(request: HttpRequest, q: str, page: int = 1, per_page: int = PER_PAGE,
                   types: str | None = None):
    """Records whose id or reference equals `q`, then those whose title or name contains it, then those whose
    other text does (case-insensitive), `per_page` (1-100) at a time; `types` narrows to some record types
    (comma list: incidents, sites)."""
    kinds = searchable_types()
    if types:
        wanted = [t.strip() for t in types.split(",") if t.strip()]
        unknown = [t for t in wanted if t not in {k.key for k in kinds}]
        if unknown:
            raise FieldError("types", f"unknown record type {unknown[0]!r} (one of: "
                                      f"{', '.join(k.key for k in kinds)})")
        kinds = [k for k in kinds if k.key in wanted]
    token = getattr(request, "api_token", None)
    if token is not None:
        kinds = [k for k in kinds if token.has_scope(*k.scopes)]
        if not kinds:
            raise HttpError(403, "this token reads none of the record types searched")
    results = search(request.auth, q, page=page, per_page=per_page, types=kinds, via="api-search")
    return {"q": results.query, "count": results.count, "counts": results.counts, "page": results.page,
            "pages": results.pages, "next_page": results.next_page, "items": [
                {"type": hit.kind.key, "id": str(hit.record.pk), "title": hit.title, "summary": hit.summary,
                 "mission": hit.record.mission.code, "classification": hit.record.classification,
                 "match": RANKS[hit.rank], "url": hit.url} for hit in results.hits]}
