"""Rendering a mission's message for a recipient's language, with a fallback to English:

    render(mission, TemplateKey.RECEIPT, "sr", {"reference": "K7Q-42"})

The mission's template in the language is used, else its English one, else the built-in English default.
"""

from .choices import TemplateKey
from .models import MessageTemplate
from .texts import DEFAULTS, FALLBACK_LANGUAGE, fill, normalise_language


def template_body(mission, key: str, language: str) -> tuple[str, str]:
    """The wording of `key` for `language` and the language it is in (falling back to English)."""
    language = normalise_language(language)
    rows = dict(MessageTemplate.objects.filter(mission=mission, key=key,
                                               language__in={language, FALLBACK_LANGUAGE})
                .values_list("language", "body"))
    if language in rows:
        return rows[language], language
    if FALLBACK_LANGUAGE in rows:
        return rows[FALLBACK_LANGUAGE], FALLBACK_LANGUAGE
    return DEFAULTS[TemplateKey(key)], FALLBACK_LANGUAGE


def render(mission, key: str, language: str, values: dict) -> tuple[str, str]:
    """The message `key` for a recipient speaking `language`, filled with `values`; returns (text, language
    it is written in)."""
    body, used = template_body(mission, key, language)
    return fill(body, values), used


def install_defaults(mission) -> int:
    """Give the mission the built-in English wording of every message it has none for; returns how many."""
    created = 0
    for key, body in DEFAULTS.items():
        _row, made = MessageTemplate.objects.get_or_create(mission=mission, key=key, language=FALLBACK_LANGUAGE,
                                                           defaults={"body": body})
        created += made
    return created
