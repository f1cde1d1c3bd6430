"""The words an alert is read with, per language: the words that start the short form ("ALERT", "UZBUNA"),
the words that name a category ("pucnjava" -> shooting), the words that make an alert more severe ("killed"),
and the words that are never a place on their own (function words such as "the", "u", "në"; common nouns such
as "bridge", "most", "ura" that are also villages' names).

The built-in words are one JSON file per language in `vocabulary/` (en, sq, sr: Serbian once, for both
scripts); a mission adds its own as `AlertKeyword` rows (see `models` for why files and rows). Every word is
compared by its search key (`geo.names.search_key`: lower case, Latin letters, no accents), so "UZBUNA",
"Uzbuna" and "УЗБУНА" are one word, "të shtëna" is "te shtena", and a word ending in "*" matches every word
starting with it ("pucnjav*": pucnjava, pucnjave). A phrase of several words matches those words in a row.
"""

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from peaceops.geo.names import search_key

from .choices import ALERT_WORD, NOT_A_PLACE, SEVERE, AlertCategory

FILES = Path(__file__).parent / "vocabulary"
LANGUAGES = ("en", "sq", "sr")
#: The meaning of a phrase that raises the severity (the categories' meanings are their codes).
_CATEGORIES = set(AlertCategory.values)


@dataclass(frozen=True)
class Phrase:
    """One keyword: its words as search keys (a word ending in "*" is a prefix), its meaning (a category code
    or `SEVERE`) and its language."""

    words: tuple[str, ...]
    meaning: str
    language: str

    def matches(self, keys: list[str], start: int) -> bool:
        if start + len(self.words) > len(keys):
            return False
        for word, key in zip(self.words, keys[start:start + len(self.words)], strict=False):
            if word.endswith("*"):
                if not key.startswith(word[:-1]):
                    return False
            elif key != word:
                return False
        return True


@dataclass(frozen=True)
class PhraseMatch:
    """A keyword found in a message: tokens `start` to `end` (exclusive); `languages`: every language with a
    keyword of these words (protest*: en, sq and sr)."""

    phrase: Phrase
    start: int
    end: int
    languages: frozenset[str] = frozenset()


def _words(text: str) -> tuple[str, ...]:
    """A keyword's words as search keys, keeping a final "*" of each."""
    words = []
    for word in text.split():
        key = search_key(word)
        if key:
            words.extend(key.split())
            if word.endswith("*"):
                words[-1] += "*"
    return tuple(words)


@dataclass
class Vocabulary:
    """The words of every language at once (a message may mix them), each knowing its language."""

    alert_words: dict[str, set[str]] = field(default_factory=dict)  # key -> languages
    function_words: dict[str, set[str]] = field(default_factory=dict)
    common_words: dict[str, set[str]] = field(default_factory=dict)
    phrases: list[Phrase] = field(default_factory=list)
    _by_first: dict[str, list[Phrase]] = field(default_factory=dict, repr=False)
    _by_stem: dict[str, list[Phrase]] = field(default_factory=dict, repr=False)

    def add(self, language: str, meaning: str, text: str) -> None:
        """Add one word or phrase of `language` meaning `meaning` (a category, `ALERT_WORD`, `NOT_A_PLACE`,
        `SEVERE`, or "function" for a function word)."""
        words = _words(text)
        if not words:
            return
        if meaning in (ALERT_WORD, NOT_A_PLACE, "function") and len(words) == 1 and not words[0].endswith("*"):
            table = {ALERT_WORD: self.alert_words, NOT_A_PLACE: self.common_words,
                     "function": self.function_words}[meaning]
            table.setdefault(words[0], set()).add(language)
            return
        if meaning not in _CATEGORIES and meaning != SEVERE:
            return
        phrase = Phrase(words, meaning, language)
        self.phrases.append(phrase)
        first = words[0]
        if first.endswith("*"):
            self._by_stem.setdefault(first[:-1][:3], []).append(phrase)
        else:
            self._by_first.setdefault(first, []).append(phrase)

    def add_file(self, data: dict) -> None:
        language = data["language"]
        for word in data.get("alert_words", []):
            self.add(language, ALERT_WORD, word)
        for word in data.get("function_words", []):
            self.add(language, "function", word)
        for word in data.get("common_words", []):
            self.add(language, NOT_A_PLACE, word)
        for category, words in data.get("categories", {}).items():
            for word in words:
                self.add(language, category, word)
        for word in data.get("severity_words", []):
            self.add(language, SEVERE, word)

    def copy(self) -> "Vocabulary":
        other = Vocabulary({k: set(v) for k, v in self.alert_words.items()},
                           {k: set(v) for k, v in self.function_words.items()},
                           {k: set(v) for k, v in self.common_words.items()}, list(self.phrases))
        other._by_first = {k: list(v) for k, v in self._by_first.items()}
        other._by_stem = {k: list(v) for k, v in self._by_stem.items()}
        return other

    def find_phrases(self, keys: list[str]) -> list[PhraseMatch]:
        """The keywords in a message's words, left to right, the longest at each word, never overlapping."""
        found, position = [], 0
        while position < len(keys):
            key = keys[position]
            candidates = self._by_first.get(key, []) + self._by_stem.get(key[:3], [])
            matching = [p for p in candidates if p.matches(keys, position)]
            if matching:
                best = max(matching, key=lambda p: (len(p.words), sum(not w.endswith("*") for w in p.words)))
                languages = frozenset(p.language for p in matching if len(p.words) == len(best.words))
                found.append(PhraseMatch(best, position, position + len(best.words), languages))
                position += len(best.words)
            else:
                position += 1
        return found

    def never_a_place(self, key: str) -> bool:
        """Whether a word alone is never read as a place."""
        return key in self.function_words or key in self.common_words or key in self.alert_words

    def is_function_word(self, key: str) -> bool:
        """Whether a word may not begin or end a place's name ("the", "u", "në"; inside one it may: Han i
        Elezit)."""
        return key in self.function_words


@lru_cache(maxsize=1)
def builtin() -> Vocabulary:
    """The built-in vocabularies of every language (read once)."""
    vocabulary = Vocabulary()
    for language in LANGUAGES:
        vocabulary.add_file(json.loads((FILES / f"{language}.json").read_text(encoding="utf-8")))
    return vocabulary


def for_mission(mission) -> Vocabulary:
    """The built-in words and the mission's own (`AlertKeyword`), read now."""
    from .models import AlertKeyword

    rows = list(AlertKeyword.objects.filter(mission=mission).values_list("language", "meaning", "word"))
    if not rows:
        return builtin()
    vocabulary = builtin().copy()
    for language, meaning, word in rows:
        vocabulary.add(language, meaning, word)
    return vocabulary
