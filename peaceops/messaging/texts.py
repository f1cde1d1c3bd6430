"""Message templates' text: the placeholders a template may use, their check, filling them, the built-in
wording in the platform's four languages, and how many SMS segments a text takes.

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

#: The built-in wording of each message in each language: short enough for one SMS (160 characters in the
#: GSM alphabet; 70 where a letter outside it, Albanian ë and ç, Serbian č ć š ž đ or Cyrillic, makes the
#: message UCS-2), with a seven-letter reference. They say nothing internal: no unit, no partner, no reason.
#: A mission gets them on creation (`wording.install_defaults`) and words its own in the admin. The Albanian
#: and Serbian texts await a native speaker's review (docs/operators/sms-gateway.md).
DEFAULT_WORDING = {
    "en": {
        TemplateKey.RECEIPT: "Thank you. Your alert was received, reference {reference}. We will tell you what "
                             "happens.",
        TemplateKey.VERIFIED: "Your alert {reference} was verified by the mission. Thank you.",
        TemplateKey.ACTED_ON: "Action is being taken on your alert {reference}. Thank you.",
        TemplateKey.CLOSED: "Your alert {reference} is closed. Thank you for telling us.",
        TemplateKey.ASK_MORE: "About your alert {reference}: {question} Reply to this number.",
    },
    "sq": {
        TemplateKey.RECEIPT: "Faleminderit. Sinjalizimi u pranua, ref. {reference}. Do t'ju njoftojmë.",
        TemplateKey.VERIFIED: "Sinjalizimi juaj {reference} u verifikua nga misioni.",
        TemplateKey.ACTED_ON: "Po merren masa për sinjalizimin tuaj {reference}.",
        TemplateKey.CLOSED: "Sinjalizimi juaj {reference} u mbyll. Faleminderit!",
        TemplateKey.ASK_MORE: "Sinjalizimi {reference}: {question} Përgjigjuni këtu.",
    },
    "sr-latn": {
        TemplateKey.RECEIPT: "Hvala. Vaša dojava je primljena, broj {reference}. Javićemo vam dalje.",
        TemplateKey.VERIFIED: "Vaša dojava {reference} je proverena i potvrđena.",
        TemplateKey.ACTED_ON: "Po vašoj dojavi {reference} preduzimaju se mere.",
        TemplateKey.CLOSED: "Vaša dojava {reference} je zatvorena. Hvala što ste javili.",
        TemplateKey.ASK_MORE: "Dojava {reference}: {question} Odgovorite na ovaj broj.",
    },
    "sr": {
        TemplateKey.RECEIPT: "Хвала. Ваша дојава је примљена, број {reference}. Јавићемо вам даље.",
        TemplateKey.VERIFIED: "Ваша дојава {reference} је проверена и потврђена.",
        TemplateKey.ACTED_ON: "По вашој дојави {reference} предузимају се мере.",
        TemplateKey.CLOSED: "Ваша дојава {reference} је затворена. Хвала што сте јавили.",
        TemplateKey.ASK_MORE: "Дојава {reference}: {question} Одговорите на овај број.",
    },
}

#: The built-in English wording (the last fallback of every message).
DEFAULTS = DEFAULT_WORDING["en"]

#: The GSM 03.38 basic alphabet (one 7-bit character each; an SMS of these holds 160). Its extension table
#: (^ { } \\ [ ~ ] | €) counts two.
GSM_BASIC = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
                "abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_EXTENDED = set("^{}\\[~]|€")


def sms_segments(text: str) -> tuple[str, int]:
    """The encoding an SMS of `text` needs ("gsm" or "ucs2") and how many segments it takes (160/153 GSM
    characters, 70/67 UCS-2 ones)."""
    if all(ch in GSM_BASIC or ch in GSM_EXTENDED for ch in text):
        length = sum(2 if ch in GSM_EXTENDED else 1 for ch in text)
        return "gsm", 1 if length <= 160 else -(-length // 153)
    length = sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)
    return "ucs2", 1 if length <= 70 else -(-length // 67)


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
