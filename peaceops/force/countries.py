"""Contributing countries by their ISO 3166-1 alpha-3 code (pycountry's ISO tables), and the names the UN
publishes them under ("Bolivia (Plurinational State of)", "Republic of Korea", "Côte d'Ivoire")."""

import re
import unicodedata
from functools import cache, lru_cache

import pycountry


@cache
def _by_code() -> dict[str, str]:
    return {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}


def is_country(code: str) -> bool:
    """Whether `code` is an ISO 3166-1 alpha-3 country code (upper case)."""
    return code in _by_code()


def country_name(code: str) -> str:
    """The country's common English name, or the code itself when unknown."""
    return _by_code().get(code, code)


def country_choices() -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name, for forms and filters."""
    return sorted(_by_code().items(), key=lambda item: item[1])


#: Names the UN has published (or still publishes) that pycountry's tables do not hold in any form: normalised
#: (see `_key`) -> ISO 3166-1 alpha-3. Everything else is found from pycountry's names (see `resolve`).
ALIASES = {
    "turkey": "TUR",  # Türkiye since 2022
    "the former yugoslav republic of macedonia": "MKD",  # North Macedonia since 2019
    "swaziland": "SWZ",  # Eswatini since 2018
    "cape verde": "CPV",  # Cabo Verde
    "ivory coast": "CIV",
    "burma": "MMR",
    "east timor": "TLS",
    "czech republic": "CZE",
    "russia": "RUS",
}
_STOP_WORDS = {"of", "the", "and"}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"})
_QUALIFIED = re.compile(r"^(?P<base>[^(]+?)\s*\((?P<qualifier>[^)]*)\)$")  # "Bolivia (Plurinational State of)"


def _key(name: str) -> str:
    """A name for comparison: no accents, one kind of apostrophe, case-folded, single spaces, no leading
    "the" ("Côte d’Ivoire" and "cote d'ivoire" give the same key)."""
    text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().replace("&", " and ")
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


def _ends_with_of(text: str) -> bool:
    words = _key(text).split()
    return bool(words) and (words[-1] == "of" or words[-2:] == ["of", "the"])


def _forms(name: str) -> list[str]:
    """The ways a name may be written: as it is; "Korea, Republic of" (pycountry) as "Republic of Korea";
    "Bolivia (Plurinational State of)" (UN) as "Plurinational State of Bolivia" and as "Bolivia"."""
    forms = [name]
    base, _, tail = name.partition(", ")
    if tail and _ends_with_of(tail):
        forms.append(f"{tail} {base}")
    qualified = _QUALIFIED.match(name.strip())
    if qualified:
        base, qualifier = qualified["base"], qualified["qualifier"]
        if _ends_with_of(qualifier):
            forms.append(f"{qualifier} {base}")
        forms.append(base)
    return forms


@cache
def _index() -> dict[str, str]:
    """Every key of every name pycountry knows (name, official and common name, their other forms, the
    alpha-3 code) -> alpha-3 code; then the aliases."""
    index: dict[str, str] = {}
    for country in pycountry.countries:
        names = [country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)]
        for name in filter(None, names):
            for form in _forms(name):
                index.setdefault(_key(form), country.alpha_3)
        index.setdefault(_key(country.alpha_3), country.alpha_3)
    index.update({_key(name): code for name, code in ALIASES.items()})
    return index


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w']+", _key(text))) - _STOP_WORDS


def _fuzzy(name: str) -> str | None:
    """pycountry's fuzzy search, kept only when exactly one country has every word of `name` in one of its
    names (its subdivisions' names, which the search also follows, do not count: "Kosovo" is not Serbia;
    "Korea" is North or South, so neither)."""
    try:
        found = pycountry.countries.search_fuzzy(name)
    except LookupError:
        return None
    wanted = _words(name)
    if not wanted:
        return None
    fits = {c.alpha_3 for c in found
            if any(wanted <= _words(n) for n in (c.name, getattr(c, "official_name", None),
                                                  getattr(c, "common_name", None)) if n)}
    return fits.pop() if len(fits) == 1 else None


@lru_cache(maxsize=4096)
def resolve(name: str) -> str | None:
    """The ISO 3166-1 alpha-3 code of a country named as the UN publishes it ("Bolivia (Plurinational State
    of)", "Republic of Korea", "Côte d’Ivoire", "Türkiye" or "Turkey"), or an alpha-3 code; None when it is
    no country or not one surely (pycountry's names and their forms first, then the aliases, then a guarded
    fuzzy search)."""
    name = " ".join((name or "").split())
    if not name:
        return None
    index = _index()
    for form in _forms(name):
        if _key(form) in index:
            return index[_key(form)]
    return _fuzzy(name)
