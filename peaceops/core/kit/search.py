"""One search over every record type: each record type declares what of it is searched, and `search()` runs a
query over all of them, each through `Model.objects.visible_to(user)`, so a record the user may not see is
neither shown nor counted.

    register_search(Searchable(
        key="sites", label=_("Deployment sites"), model=Site, ids=("source_id",), titles=("name",),
        texts=("location_name",), order=("name", "id"), url=lambda s: reverse("sites:detail", args=[s.pk]),
        summary=lambda s: s.get_site_type_display(), scopes=("sites:read", "sites:write")))

Ranking is simple: an exact match of an id or reference (the record's own id, a UCDP or ACLED id, an external
id) first, then a match in the title or name, then a match in the other text; within a rank, record types in
the order they registered, each in its own `order`. Matching is case-insensitive containment (`icontains`:
LIKE on SQLite, UPPER(..) LIKE on PostgreSQL), with `%` and `_` taken literally. Pages are numbered: the
counts per record type and rank are one grouped query per record type, and a page reads only the slices it
shows.

A field that a record type withholds from partners (`withheld_from_partners`) or names as personal data
(`personal_fields`) may not be searched: a match would tell a reader what the withheld text says. Summaries are
made from records whose personal fields are masked for the reader (`core.kit.personal`).
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy

from .errors import FieldError
from .personal import hide_personal
from .sealing import shown

#: The longest query accepted, in characters.
MAX_QUERY = 200
#: Results per page, by default and at most.
PER_PAGE = 20
MAX_PER_PAGE = 100
#: The last page number accepted (a larger one is a mistake, not a wish to read that far).
MAX_PAGE = 10_000
#: The ranks, best first.
EXACT_ID, TITLE, TEXT = 0, 1, 2


@dataclass(frozen=True)
class Searchable:
    """What of a record type the one search looks in, and how a found record is shown."""

    key: str  # the record type in results and in `types=` ("incidents", "sites")
    label: str  # its name for people ("Deployment sites")
    model: type
    titles: tuple[str, ...]  # the record's title or name: a match here ranks second
    url: Callable[[object], str]  # the record's page
    ids: tuple[str, ...] = ()  # ids and references: an exact match ranks first (the record's own id always does)
    texts: tuple[str, ...] = ()  # other text searched: a match here ranks third
    order: tuple[str, ...] = ("id",)  # the order within a rank
    summary: Callable[[object], str] = lambda record: ""  # one line under the title
    scopes: tuple[str, ...] = ()  # the API token scopes that read this record type
    select_related: tuple[str, ...] = ()

    def title_of(self, record) -> str:
        return str(getattr(record, self.titles[0]) or "") or str(record)

    def ranked(self, user, query: str, mission=None):
        """The record type's records visible to `user` that match `query`, each with its `search_rank`."""
        exact = Q()
        for name in self.ids:
            exact |= Q(**{f"{name}__iexact": query})
        try:
            exact |= Q(pk=uuid.UUID(query))
        except ValueError:
            pass
        titles = _any(self.titles, query)
        texts = _any((*self.ids, *self.texts), query)
        queryset = self.model.objects.visible_to(user)
        if mission is not None:
            queryset = queryset.filter(mission=mission)
        whens = [When(condition, then=Value(rank)) for condition, rank in ((exact, EXACT_ID), (titles, TITLE))
                 if condition]
        return queryset.filter(exact | titles | texts).annotate(
            search_rank=Case(*whens, default=Value(TEXT), output_field=IntegerField()))


def _any(fields, query: str) -> Q:
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": query})
    return condition


@dataclass
class Hit:
    """One record found, as a result list shows it."""

    kind: Searchable
    record: object
    rank: int

    @property
    def title(self) -> str:
        return self.kind.title_of(self.record)

    @property
    def summary(self) -> str:
        return self.kind.summary(self.record)

    @property
    def url(self) -> str:
        return self.kind.url(self.record)


@dataclass
class SearchPage:
    """One page of results, and how many records matched in all (by record type)."""

    query: str
    page: int
    per_page: int
    hits: list[Hit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # record type key -> matches

    @property
    def count(self) -> int:
        return sum(self.counts.values())

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def first(self) -> int:
        """The number of the page's first result in the whole list (1 on the first page)."""
        return (self.page - 1) * self.per_page + 1

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None


_SEARCHABLE: dict[str, Searchable] = {}


def register_search(searchable: Searchable) -> None:
    """Offer a record type to the one search (from its app's `ready()`)."""
    withheld = set(getattr(searchable.model, "withheld_from_partners", ()))
    leaking = withheld & {*searchable.ids, *searchable.titles, *searchable.texts}
    if leaking:
        raise ValueError(f"{searchable.key}: {sorted(leaking)} are withheld from partners and may not be searched")
    personal = set(getattr(searchable.model, "personal_fields", ())) & {*searchable.ids, *searchable.titles,
                                                                          *searchable.texts}
    if personal:
        raise ValueError(f"{searchable.key}: {sorted(personal)} are personal data and may not be searched")
    _SEARCHABLE[searchable.key] = searchable


def searchable_types() -> list[Searchable]:
    return list(_SEARCHABLE.values())


def clean_query(raw) -> str:
    """The query, trimmed; FieldError("q") when it is empty or too long."""
    query = " ".join(str(raw or "").split())
    if not query:
        raise FieldError("q", gettext_lazy("Type something to search for."))
    if len(query) > MAX_QUERY:
        raise FieldError("q", gettext_lazy("A search is at most %(max)d characters long (this one has %(length)d)."),
                         max=MAX_QUERY, length=len(query))
    return query


def search(user, raw_query, *, page: int = 1, per_page: int = PER_PAGE, types=None, mission=None,
           via: str = "search") -> SearchPage:
    """The `page`-th page of the records of every registered record type (or of `types`, keys or Searchables)
    that `user` may see and that match the query, best first; STRICTLY CONFIDENTIAL ones shown are sealed in
    the ledger (`via`)."""
    query = clean_query(raw_query)
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise FieldError("per_page", gettext_lazy("must be between 1 and %(max)d"), max=MAX_PER_PAGE)
    if not 1 <= page <= MAX_PAGE:
        raise FieldError("page", gettext_lazy("must be between 1 and %(max)d"), max=MAX_PAGE)
    kinds = [k if isinstance(k, Searchable) else _SEARCHABLE[k] for k in (types or _SEARCHABLE)]
    result = SearchPage(query=query, page=page, per_page=per_page)
    ranked = {k.key: k.ranked(user, query, mission) for k in kinds}
    blocks = []  # (rank, kind, matches), in the order results are listed
    by_kind = {}
    for kind in kinds:
        counts = dict(ranked[kind.key].order_by().values_list("search_rank").annotate(n=Count("pk")))
        by_kind[kind.key] = counts
        result.counts[kind.key] = sum(counts.values())
    for rank in (EXACT_ID, TITLE, TEXT):
        blocks += [(rank, kind, by_kind[kind.key].get(rank, 0)) for kind in kinds if by_kind[kind.key].get(rank)]
    start, end, at = (page - 1) * per_page, page * per_page, 0
    for rank, kind, matches in blocks:
        low, high = max(start - at, 0), min(end - at, matches)
        if low < high:
            records = list(ranked[kind.key].filter(search_rank=rank).select_related(*kind.select_related)
                           .order_by(*kind.order)[low:high])
            hide_personal(user, records)
            shown(user, records, via=via)
            result.hits += [Hit(kind, record, rank) for record in records]
        at += matches
        if at >= end:
            break
    return result
