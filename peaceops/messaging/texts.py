"""Message templates' text: the placeholders a template may use, their check, filling them, and the built-in
English wording.

A template names values as `{name}` (no attribute access, indexes or format specs: a mission administrator's
text never reaches into an object). Rendering a mission's template: `wording.render`.
"""

import string

from django.utils.translation import gettext as _

from .choices import TemplateKey

#: Every placeholder a template may use, with what it is.
PLACEHOLDERS = {
    "reference": "the record's short reference code (e.g. an alert's)",
    "status": "the record's status, in words",
    "mission": "the mission's code",
    "question": "what the reporter is asked (ask_more)",
    "reason": "why a record was closed",
    "status_url": "the public status page of the record",
}

#: The built-in English wording of each message (a mission words its own in the admin).
DEFAULTS = {
    TemplateKey.RECEIPT: "Thank you. Your alert was received, reference {reference}. We will tell you what happens.",
    TemplateKey.VERIFIED: "Your alert {reference} was verified by the mission.",
    TemplateKey.ACTED_ON: "Action was taken on your alert {reference}: {status}.",
    TemplateKey.CLOSED: "Your alert {reference} is closed. Thank you for telling us.",
    TemplateKey.ASK_MORE: "About your alert {reference}: {question} Reply to this number.",
}

FALLBACK_LANGUAGE = "en"


def normalise_language(code: str | None) -> str:
    """`sr_Latn`, `sr-Latn`, `SR-LATN` -> `sr-latn` (the settings' codes); empty -> English."""
    return (code or FALLBACK_LANGUAGE).replace("_", "-").lower()


def placeholder_errors(body: str) -> list[str]:
    """What is wrong with the placeholders of `body` (empty when it renders with any known values)."""
    problems = []
    try:
        parsed = list(string.Formatter().parse(body))
    except ValueError as error:
        return [_("The text has an unmatched brace (%(error)s); write {{ and }} for a brace itself.")
                % {"error": error}]
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name == "" or name.isdigit():
            problems.append(_("A placeholder needs a name, e.g. {reference}."))
        elif name not in PLACEHOLDERS:
            problems.append(_("Unknown placeholder {%(name)s}; known: %(known)s.") % {
                "name": name, "known": ", ".join("{" + known + "}" for known in PLACEHOLDERS)})
        elif spec or conversion:
            problems.append(_("Placeholder {%(name)s} takes no format or conversion.") % {"name": name})
    return problems


def fill(body: str, values: dict) -> str:
    """`body` with its placeholders replaced (a missing value leaves an empty string)."""
    known = {name: str(values.get(name, "")) for name in PLACEHOLDERS}
    return body.format_map(known)
