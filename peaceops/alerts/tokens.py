"""A message cut into words: each word as written, its place in the text, and its search key (lower case,
Latin letters, no accents: `geo.names.search_key`), which is what every comparison uses."""

import re
from dataclasses import dataclass

from peaceops.geo.names import search_key

#: A word: letters and digits, with apostrophes inside (s'ka, don't).
_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
#: The most words read from one message (an SMS is 160 characters; a long one is cut, never refused).
MAX_WORDS = 200


@dataclass(frozen=True)
class Token:
    """One word of a message."""

    text: str
    key: str
    start: int  # offset of its first character in the message
    end: int  # offset after its last character

    @property
    def has_digit(self) -> bool:
        return any(c.isdigit() for c in self.key)

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str) -> list[Token]:
    """The words of `text` that have a search key, in order (at most `MAX_WORDS`)."""
    tokens = []
    for match in _WORD.finditer(text):
        key = search_key(match.group())
        if key:
            tokens.append(Token(match.group(), key, match.start(), match.end()))
            if len(tokens) == MAX_WORDS:
                break
    return tokens


def case_tells(text: str) -> bool:
    """Whether the writer uses capitals (some letters upper, some lower case), so that a capital says
    something: a lower-case word in such a message is less likely a name."""
    letters = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    return any(c.isupper() for c in letters) and any(c.islower() for c in letters)
