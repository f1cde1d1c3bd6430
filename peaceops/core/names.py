"""Names in the reader's language, and Serbian written in Cyrillic from its Latin spelling.

The interface speaks Serbian in both scripts: Latin (`sr-latn`) and Cyrillic (`sr`). Translators write the Latin
catalogue only; the Cyrillic one is derived from it by `latin_to_cyrillic` (`scripts/sr-cyrillic`), and a
Serbian name kept only in Latin (categories', areas' `names["sr-latn"]`) is shown in Cyrillic the same way.

The transliteration is deterministic and one-to-one for Serbian's 30 letters (lj, nj and dž are single letters:
Љ, Њ, Џ). It leaves alone what is not Serbian prose: placeholders (`%(name)s`, `%s`, `{name}`), HTML tags and
entities, addresses (URLs, e-mail), identifiers, paths and file extensions (`country_id`,
`docs/forecasting.md`, `.csv`), the platform's commands the English text names (`peaceops forecast run`) and
its lists of language codes (`en, sq, sr-latn, sr`), words with letters Serbian does not have (Mitrovicë,
Twitter, xlsx), words with a capital after their first letter (GeoJSON, PeaceOps) and the codes in capitals the
English text also has (UNMIK, KFOR, CSV, PUBLIC: `keep`).
"""

import re

_LETTERS = {
    "a": "а", "b": "б", "c": "ц", "č": "ч", "ć": "ћ", "d": "д", "đ": "ђ", "e": "е", "f": "ф", "g": "г",
    "h": "х", "i": "и", "j": "ј", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р",
    "s": "с", "š": "ш", "t": "т", "u": "у", "v": "в", "z": "з", "ž": "ж",
}
_LETTERS.update({latin.upper(): cyrillic.upper() for latin, cyrillic in list(_LETTERS.items())})
_DIGRAPHS = {"lj": "љ", "Lj": "Љ", "LJ": "Љ", "nj": "њ", "Nj": "Њ", "NJ": "Њ", "dž": "џ", "Dž": "Џ", "DŽ": "Џ"}
#: Words where the two letters are not the digraph (prefix + root): spelled letter by letter.
_NOT_DIGRAPHS = ("injek", "konjug", "konjunk", "nadž", "podž", "tanjug")

#: What is never transliterated: placeholders, HTML tags and entities, URLs and e-mail addresses.
_PROTECTED = re.compile(
    r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]"  # %(name)s, %(n)d, %(x).1f
    r"|%%[-#0+]*\d*(?:\.\d+)?[sdifr]"  # %%s, %%d: a script's %s escaped in a template's msgid
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifr%]"  # %s, %d, %%
    r"|\{[^{}\s]*\}"  # {name}, {0}
    r"|<[^<>]*>"  # <strong>, <a href="...">
    r"|&[a-zA-Z]+;|&#\d+;"  # &nbsp;
    r"|[a-zA-Z][a-zA-Z0-9+.-]*://\S+"  # https://...
    r"|[\w.+-]+@[\w-]+\.[\w.-]+"  # e-mail
    r"|[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+"  # identifiers: country_id
    r"|[\w-]+(?:/[\w-]+)*(?:\.[a-z]{1,8})+\b"  # files: docs/forecasting.md, rejects.csv
    r"|(?:\.[a-z]{1,8})+\b"  # file extensions: .csv, .csv.gz
)
#: A command of the platform in the English text (`peaceops forecast run makes one`): its longest start that
#: the Serbian text repeats (`peaceops forecast run`) stays as typed.
_COMMAND = re.compile(r"peaceops(?: [a-z][\w-]*)+")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
#: A value quoted in the English text: 'all', 'category:<path or code>'.
_QUOTED = re.compile(r"'[^'\n]+'")
#: A notation of values in the English text: [[lon, lat], ...], [lon, lat], {t, lon, lat} (what a file or the
#: API holds, its names as written).
_NOTATION = re.compile(r"\[\[[a-z]+(?:, [a-z]+)+\], \.\.\.\]|\[[a-z]+(?:, [a-z]+)+\]|\{[a-z]+(?:, [a-z]+)+\}")
#: A list of language codes in the English text ("Language codes, comma-separated: en, sq, sr-latn, sr"):
#: what a user types, so the Serbian text repeats it as written.
_LANGUAGE_CODES = re.compile(r"\b[a-z]{2}(?:-[a-z]{4})?(?:, [a-z]{2}(?:-[a-z]{4})?)+\b")
_SERBIAN_LATIN = set(_LETTERS)


def _word(word: str, keep: frozenset[str], initial: bool) -> str:
    if not set(word) <= _SERBIAN_LATIN:
        return word  # a letter Serbian does not have (ë, q, w, x, y): a foreign word or name, left as written
    if any(c.isupper() for c in word[1:]) and not word.isupper():
        return word  # GeoJSON, PeaceOps, MapLibre
    if word in keep and (word.isupper() or not initial):
        return word  # a code or a name the English text has too: UNMIK, CSV, PUBLIC, A (grade), Google
    lowered = word.lower()
    split = set()  # positions where two letters that look like a digraph are two letters
    for prefix in _NOT_DIGRAPHS:
        start = lowered.find(prefix)
        if start >= 0:
            split.update(start + i for i in range(len(prefix) - 1) if prefix[i:i + 2] in _DIGRAPHS)
    out, i = [], 0
    while i < len(word):
        pair = word[i:i + 2]
        if pair in _DIGRAPHS and i not in split:
            out.append(_DIGRAPHS[pair])
            i += 2
        else:
            out.append(_LETTERS.get(word[i], word[i]))
            i += 1
    return "".join(out)


def _prose(text: str, start: int, end: int, keep: frozenset[str]) -> str:
    """text[start:end] (prose between protected parts) in Cyrillic, word by word."""
    out, last = [], start
    for match in _WORD.finditer(text, start, end):
        before = text[:match.start()].rstrip(" \t\n\"“„«(")
        out += [text[last:match.start()], _word(match.group(0), keep, initial=not before or before[-1] in ".!?:")]
        last = match.end()
    out.append(text[last:end])
    return "".join(out)


def latin_to_cyrillic(text: str, source: str = "") -> str:
    """Serbian `text` in Cyrillic. `source` is the English text it translates: the codes in capitals it has
    (UNMIK, CSV) stay in Latin letters, and so do its capitalised names where they are not the first word of
    a sentence (Google Authenticator; but "Incident" opening a sentence is Serbian and becomes "Инцидент")."""
    keep = frozenset(w for w in _WORD.findall(source) if w[0].isupper())
    verbatim = []
    for match in _COMMAND.finditer(source):
        words = match.group(0).split(" ")
        repeated = next((" ".join(words[:k]) for k in range(len(words), 1, -1) if " ".join(words[:k]) in text), None)
        if repeated:
            verbatim.append(re.escape(repeated))
    # A value quoted in the English ('all', 'category:<path>') that the Serbian repeats is what a user types.
    verbatim += [re.escape(m.group(0)) for m in _QUOTED.finditer(source) if m.group(0) in text]
    verbatim += [re.escape(m.group(0)) for m in _NOTATION.finditer(source) if m.group(0) in text]
    verbatim += [re.escape(m.group(0)) for m in _LANGUAGE_CODES.finditer(source) if m.group(0) in text]
    protected = re.compile("|".join(verbatim + [_PROTECTED.pattern])) if verbatim else _PROTECTED
    out, last = [], 0
    for match in protected.finditer(text):
        out.append(_prose(text, last, match.start(), keep))
        out.append(match.group(0))
        last = match.end()
    out.append(_prose(text, last, len(text), keep))
    return "".join(out)


def name_in(names: dict | None, default: str, language: str | None) -> str:
    """A name in `language` from a {language code: name} dict, else in its base language, else `default`.
    Serbian Cyrillic (`sr`) falls back to the Serbian Latin name (`sr-latn`) written in Cyrillic."""
    if not names:
        return default
    wanted = (language or "en").lower()
    lowered = {k.lower(): v for k, v in names.items() if v}
    found = lowered.get(wanted) or lowered.get(wanted.split("-")[0])
    if found:
        return found
    if wanted == "sr" and lowered.get("sr-latn"):
        return latin_to_cyrillic(lowered["sr-latn"], default)
    return default
