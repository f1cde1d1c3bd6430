"""Contributing countries by their ISO 3166-1 alpha-3 code (pycountry's ISO tables), and the names the UN
publishes them under ("Bolivia (Plurinational State of)", "Republic of Korea", "Côte d'Ivoire")."""

from functools import cache

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
