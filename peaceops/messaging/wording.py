"""Rendering a mission's message for a recipient's language, with a fallback to English:

    render(mission, TemplateKey.RECEIPT, "sr", {"reference": "K7Q-42"})

The mission's template in the language is used, else its English one, else the built-in wording in the
language (`texts.DEFAULT_WORDING`), else the built-in English. Every mission gets the built-in wording in the
four languages when it is created (`install_defaults`, on `core.hooks.mission_created`); its administrator
words its own in the admin.
"""

from .choices import TemplateKey
from .models import MessageTemplate
from .texts import DEFAULT_WORDING, DEFAULTS, FALLBACK_LANGUAGE, fill, normalise_language


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
    if key in DEFAULT_WORDING.get(language, {}):
        return DEFAULT_WORDING[language][TemplateKey(key)], language
    return DEFAULTS[TemplateKey(key)], FALLBACK_LANGUAGE


def render(mission, key: str, language: str, values: dict) -> tuple[str, str]:
    """The message `key` for a recipient speaking `language`, filled with `values`; returns (text, language
    it is written in)."""
    body, used = template_body(mission, key, language)
    return fill(body, values), used


def install_defaults(mission, languages=None) -> int:
    """Give the mission the built-in wording of every message, in each of `languages` (default: all four), it
    has none for; an administrator's own wording is kept. Returns how many templates were added."""
    created = 0
    for language in languages or DEFAULT_WORDING:
        for key, body in DEFAULT_WORDING[language].items():
            _row, made = MessageTemplate.objects.get_or_create(mission=mission, key=key, language=language,
                                                               defaults={"body": body})
            created += made
    return created


def install_on_creation(sender, mission, **kwargs) -> None:
    """`core.hooks.mission_created`: a new mission starts with the built-in wording in the four languages."""
    install_defaults(mission)
