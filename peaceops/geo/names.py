"""Place and area names: the normalised search key, and the names in several languages found in a feature.

`search_key("Mitrovicë")` is "mitrovice": lower case, accents and punctuation removed, so that a user typing
plain ASCII finds Albanian and Serbian Latin spellings alike. Other scripts are transliterated to Latin first
(Cyrillic letter by letter as Serbian writes it in Latin, so `search_key("Северна Митровица")` is
"severna mitrovica", the key of "Severna Mitrovica"; any other script through Unidecode): one key per name
whatever the script it is typed in.
"""

import re
import unicodedata

from unidecode import unidecode

# Letters that carry no decomposable accent but have a plain Latin reading.
_PLAIN_LETTERS = str.maketrans({
    "đ": "d", "ð": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ħ": "h", "ŧ": "t",
})
# Cyrillic as Serbian (and Macedonian) Latin spells it, before accents are removed: ж -> ž -> z, љ -> lj.
_CYRILLIC = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z", "и": "i",
    "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
    "ѓ": "gj", "ќ": "kj", "ѕ": "dz", "й": "j", "ы": "y", "э": "e", "ю": "ju", "я": "ja", "щ": "šč", "ь": "",
    "ъ": "", "ё": "e", "і": "i", "ї": "ji", "є": "je", "ґ": "g",
})
_APOSTROPHES = re.compile(r"['’`ʼ‘´]")
_SEPARATORS = re.compile(r"[\W_]+")

# Property names carrying a name in one language: name_sq, name:sr, name-en, NAME_FR.
_LANGUAGE_NAME_KEY = re.compile(r"^name[_:\-]([a-z]{2,3}(?:[-_][a-z]{2,4})?)$", re.IGNORECASE)


def search_key(text: str) -> str:
    """The form of a name used for search: case-folded, in Latin letters, accents and punctuation removed,
    single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_CYRILLIC))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_PLAIN_LETTERS)
    if not stripped.isascii():
        stripped = unidecode(stripped).lower()
    stripped = _APOSTROPHES.sub("", stripped)
    return _SEPARATORS.sub(" ", stripped).strip()


def language_names(properties: dict, level: int | None = None) -> dict[str, str]:
    """Names by language code found in a feature's properties.

    Recognised: `name_sq`, `name:sr`, `name-en` (OpenStreetMap style) and, for a known level, the
    OCHA COD-AB style `ADM2_EN`, `admin2Name_fr`.
    """
    found: dict[str, str] = {}
    level_keys = None
    if level is not None:
        level_keys = re.compile(rf"^(?:adm{level}|admin{level}name)_([a-z]{{2}})$", re.IGNORECASE)
    for key, value in properties.items():
        if not isinstance(value, str) or not value.strip():
            continue
        match = _LANGUAGE_NAME_KEY.match(key) or (level_keys.match(key) if level_keys else None)
        if match:
            found[normalise_language(match.group(1))] = value.strip()
    return found


def normalise_language(code: str) -> str:
    """A language tag in its usual spelling: "SR_latn" -> "sr-Latn", "EN" -> "en"."""
    parts = re.split(r"[-_]", code.strip())
    head = parts[0].lower()
    tail = [p.title() if len(p) == 4 else p.upper() for p in parts[1:]]
    return "-".join([head, *tail])


def clean_names(names: dict | None) -> dict[str, str]:
    """A names mapping with language codes normalised and empty values dropped."""
    if not names:
        return {}
    if not isinstance(names, dict):
        raise ValueError("names must map language codes to names, e.g. {\"sq\": \"Prishtinë\"}")
    result = {}
    for language, value in names.items():
        if isinstance(value, str) and value.strip():
            result[normalise_language(str(language))] = value.strip()
    return result
