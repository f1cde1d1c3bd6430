"""The registry of record types' FilterSets: which `django_filters.FilterSet` reads a record type's filter
parameters (the API list's, the list page's), so that other apps can filter records they do not know by name.
Alert rules (`peaceops.notices`) keep a rule's conditions as these parameters and match new records with them.

    register_filterset(Site, SiteFilter, detail_url="sites:detail")   # in the record type's AppConfig.ready()

`on_create=False` says the records are not ready to be matched when they are created (alerts: their priority
and place are known only once the worker has read them); their app then says when they are
(`peaceops.notices.rules.records_ready`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Filterable:
    """A record type with a FilterSet: the model, its FilterSet class, the URL name of a record's page (taking the
    record's id), whether its records are matched as soon as they are created, and the FilterSet's keyword
    arguments for a reader (`options(user)`; incidents: the `reader` whose eyes filters must not see past)."""

    model: type
    filterset: type
    detail_url: str = ""
    on_create: bool = True
    options: Callable | None = None

    def filters(self, data, queryset, user=None):
        """The FilterSet over `queryset` (already `visible_to(user)`) with the parameters `data`."""
        extra = self.options(user) if self.options is not None and user is not None else {}
        return self.filterset(data, queryset=queryset, **extra)

    @property
    def label(self) -> str:
        """The record type's name, "app.model" (e.g. "sites.site")."""
        return label_of(self.model)

    @property
    def verbose_name_plural(self):
        return self.model._meta.verbose_name_plural

    def url_of(self, record_id) -> str:
        """The record's page (a relative URL), or "" when the record type has none."""
        if not self.detail_url:
            return ""
        try:
            return reverse(self.detail_url, args=[record_id])
        except NoReverseMatch:
            return ""


_REGISTRY: dict[str, Filterable] = {}


def label_of(model) -> str:
    """A model's (class or instance) record type name, "app.model"."""
    return f"{model._meta.app_label}.{model._meta.model_name}"


def register_filterset(model, filterset_class, *, detail_url: str = "", on_create: bool = True,
                       options: Callable | None = None, replace: bool = True) -> Filterable:
    """Declare `filterset_class` as the FilterSet of `model` (see the module docstring). With `replace=False`
    an earlier registration is kept."""
    entry = Filterable(model, filterset_class, detail_url, on_create, options)
    if replace or entry.label not in _REGISTRY:
        _REGISTRY[entry.label] = entry
    return _REGISTRY[entry.label]


def filterable(model_or_label) -> Filterable | None:
    """The registration of a record type (a model class or instance, or its "app.model" name), or None."""
    label = model_or_label if isinstance(model_or_label, str) else label_of(model_or_label)
    return _REGISTRY.get(label.lower())


def filterset_for(model_or_label) -> type | None:
    """The FilterSet class of a record type, or None when it registered none."""
    entry = filterable(model_or_label)
    return entry.filterset if entry else None


def registered() -> list[Filterable]:
    """Every registered record type, by its plural name."""
    return sorted(_REGISTRY.values(), key=lambda entry: entry.label)

