"""Which language and script a message is written in, so that the reply speaks it: English, Albanian, Serbian
in Latin letters or Serbian in Cyrillic (the interface's codes: en, sq, sr-latn, sr).

Cyrillic letters outnumbering Latin ones make it Serbian in Cyrillic. Otherwise each language scores its words
found in the message (function words, common words, keywords: a word several languages share counts for each
a share) and the letters only it writes (ë, ç for Albanian; č, ć, š, ž, đ for Serbian), a place's name
being the usual source of such letters in another language's message, so they count little. No evidence at all:
the default (English unless the caller says otherwise).
"""

import re

from .vocabulary import PhraseMatch, Vocabulary

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")
_LETTERS = {"sq": re.compile(r"[ëçËÇ]"), "sr": re.compile(r"[čćšžđČĆŠŽĐ]")}
#: The most a language's own letters add to its score (a message is mostly words, not letters).
_LETTERS_AT_MOST = 1.5
_CODES = {"en": "en", "sq": "sq", "sr": "sr-latn"}


def is_cyrillic(text: str) -> bool:
    """Whether the message is written mostly in Cyrillic letters."""
    return len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text))


def guess_language(text: str, keys: list[str], phrases: list[PhraseMatch], vocabulary: Vocabulary,
                   default: str = "en") -> str:
    """The language code of the message: "en", "sq", "sr-latn" or "sr" (Serbian in Cyrillic)."""
    if is_cyrillic(text):
        return "sr"
    scores = {"en": 0.0, "sq": 0.0, "sr": 0.0}
    in_phrases = {i for match in phrases for i in range(match.start, match.end)}
    for match in phrases:
        for language in match.languages:
            scores[language] += 2.0 / len(match.languages)
    for position, key in enumerate(keys):
        if position in in_phrases:
            continue
        languages = (vocabulary.function_words.get(key, set()) | vocabulary.common_words.get(key, set())
                     | vocabulary.alert_words.get(key, set()))
        for language in languages:
            scores[language] += 1.0 / len(languages)
    for language, letters in _LETTERS.items():
        scores[language] += min(_LETTERS_AT_MOST, 0.5 * len(letters.findall(text)))
    best = max(scores, key=lambda language: scores[language])
    if scores[best] == 0 or list(scores.values()).count(scores[best]) > 1:
        return default
    return _CODES[best]
