"""The place a message names, found in its words with the place search (`geo.search.find_places`: the
gazetteer, the mission's admin areas and its named places, by any of their names, in any script, accents and
small typos forgiven).

Candidate phrases are runs of one to four words that hold no keyword ("shooting", "zjarr") nor digit and
neither begin nor end with a function word ("the", "u", "në"; inside a name they may: "Han i Elezit", "Most
na Ibru"); a single word is never a common word ("bridge", "ura", "most": also villages' names) nor shorter
than three letters. Each candidate is looked up; each place found is scored by how alike its matched name and
the phrase are, word by word (an inflected word counts almost as the same: "Zvečanu", "Mitrovicës",
"Severnoj Mitrovici"; otherwise by edit distance: "Mitrovca"), then preferred: a longer phrase, a place in the
mission's area, a named place, then a town or village (a municipality's seat first), then an admin area, the larger town among namesakes.
"""

import math
from dataclasses import dataclass

from rapidfuzz import fuzz

from peaceops.geo.names import search_key
from peaceops.geo.search import PlaceHit, distance_km, find_places

from .tokens import Token
from .vocabulary import Vocabulary

#: The most words of a candidate phrase (North Mitrovica's longest name has three: Mitrovicë e Veriut).
MAX_PHRASE_WORDS = 4
#: The most place searches for one message (a long message must not hold the worker: an SMS of 160
#: characters needs a few; a 1,600-character one rarely more than this).
MAX_LOOKUPS = 40
#: Places looked up per candidate phrase.
HITS_PER_PHRASE = 5
#: The least likeness of a phrase of one word to a place's name (a typo of one letter in eight passes).
ONE_WORD_LIKENESS = 0.88
#: The same for a lower-case word where the writer capitalises names.
LOWER_CASE_LIKENESS = 0.95
#: The same for a phrase of several words (mean of its words).
SEVERAL_WORDS_LIKENESS = 0.85
#: The likeness of a phrase of several words that are the first words of a name ("Jarinje crossing").
PARTIAL_NAME = 0.93
#: Letters cut from the end of each word of six letters or more when a phrase finds nothing as written.
STEM_CUT = 2
#: Words this short are places only when written exactly (and capitalised where case tells).
SHORT_WORD = 3


@dataclass
class PlaceMatch:
    """A place found in a message: the place, the words that named it and how sure the reading is (0..1)."""

    place: PlaceHit
    phrase: str  # the words as written
    start: int  # offsets in the message
    end: int
    confidence: float


def word_likeness(a: str, b: str) -> float:
    """How alike two words are (0..1): 1 when equal, 0.95 when they differ only in an ending of up to three
    letters after a common stem of four or more, both of five letters or more (Zvečan/Zvečanu,
    Mitrovica/Mitrovicës), else by edit distance."""
    if a == b:
        return 1.0
    stem = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        stem += 1
    if stem >= 4 and min(len(a), len(b)) >= 5 and len(a) - stem <= 3 and len(b) - stem <= 3:
        return 0.95
    return fuzz.ratio(a, b) / 100


def likeness(phrase: str, name: str) -> float:
    """How alike a phrase and a place's name are (search keys): word by word where they have as many words,
    else the whole as one string."""
    a, b = phrase.split(), name.split()
    if len(a) == len(b):
        return sum(word_likeness(x, y) for x, y in zip(a, b, strict=True)) / len(a)
    if 1 < len(a) < len(b) and b[:len(a)] == a:  # the first words of a longer name: "Jarinje crossing"
        return PARTIAL_NAME
    return fuzz.ratio(phrase, name) / 100 * 0.9


def _preference(hit: PlaceHit) -> float:
    """A small bonus: in the mission's area, a named place, a town or village, an area; a larger town."""
    bonus = 0.05 if (hit.mission or hit.within) else 0.0
    if not hit.matched:  # found by its own name, not an alternate one
        bonus += 0.005
    if hit.source == "named":
        bonus += 0.04
    elif hit.source == "gazetteer" and hit.code.startswith("PPL"):
        bonus += 0.03 + 0.01 * min(1.0, math.log10(hit.population + 1) / 6)
        if hit.code == "PPLC" or hit.code.startswith("PPLA"):  # a capital or a municipality's seat
            bonus += 0.015
    elif hit.source == "area":
        bonus += 0.025 if hit.code == "level 2" else 0.01
    return bonus


def candidate_spans(tokens: list[Token], blocked: set[int], vocabulary: Vocabulary,
                    case_tells: bool = False) -> list[tuple[int, int]]:
    """(first, last) token positions of the phrases worth looking up, longest first; where the writer uses
    capitals, a capitalised function word may begin or end one ("Suvi Do")."""
    spans = []

    def boundary(position: int) -> bool:  # a function word may begin or end a name written with a capital
        token = tokens[position]
        return not vocabulary.is_function_word(token.key) or (
            case_tells and position > 0 and token.capitalised and len(token.key) > 1)

    for first, token in enumerate(tokens):
        if first in blocked or token.has_digit or not boundary(first):
            continue
        for last in range(first, min(len(tokens), first + MAX_PHRASE_WORDS)):
            end = tokens[last]
            if last in blocked or end.has_digit:
                break
            if not boundary(last):
                continue
            if last == first and (vocabulary.never_a_place(token.key) or len(token.key) < SHORT_WORD):
                continue
            spans.append((first, last))
    # Phrases starting with a capital first where the writer capitalises names, the longest first.
    return sorted(spans, key=lambda span: (case_tells and not tokens[span[0]].capitalised, span[0] - span[1]))


def _accepts(tokens: list[Token], first: int, last: int, alike: float, case_tells: bool, slot: bool) -> bool:
    if first != last:
        return alike >= SEVERAL_WORDS_LIKENESS
    token = tokens[first]
    lower_case = case_tells and not token.capitalised and not slot
    if len(token.key) <= SHORT_WORD:
        return alike == 1.0 and not lower_case
    if len(token.key) <= SHORT_WORD + 1:
        return alike >= LOWER_CASE_LIKENESS
    return alike >= (LOWER_CASE_LIKENESS if lower_case else ONE_WORD_LIKENESS)


def find_in_text(text: str, tokens: list[Token], spans: list[tuple[int, int]], *, mission, language: str,
                 case_tells: bool, slot: bool = False) -> list[PlaceMatch]:
    """The places the candidate phrases name, best first, one match per place, from at most `MAX_LOOKUPS`
    searches; `slot`: the phrases stand where the short form puts the place, so a lower-case word may be one."""
    best: dict[tuple[str, int], tuple[float, PlaceMatch]] = {}
    lookups = 0
    for first, last in spans:
        phrase_key = " ".join(t.key for t in tokens[first:last + 1])
        for query in (phrase_key, _stem(phrase_key)):
            if not query or lookups >= MAX_LOOKUPS:
                continue
            lookups += 1
            found = False
            for hit in find_places(query, missions=[mission], limit=HITS_PER_PHRASE, language=language,
                                   as_missions=True):
                alike = likeness(phrase_key, search_key(hit.matched or hit.name))
                if not _accepts(tokens, first, last, alike, case_tells, slot):
                    continue
                found = True
                score = alike + 0.08 * (last - first) + _preference(hit)
                confidence = alike if (hit.mission or hit.within) else alike * 0.8
                match = PlaceMatch(hit, text[tokens[first].start:tokens[last].end], tokens[first].start,
                                   tokens[last].end, round(confidence, 2))
                place = (hit.source, hit.id)
                if place not in best or score > best[place][0]:
                    best[place] = (score, match)
            if found:
                break
    ranked = sorted(best.values(), key=lambda item: -item[0])
    matches = [match for _, match in ranked]
    if len(matches) > 1 and _namesakes(ranked[0], ranked[1]):
        matches[0].confidence = round(matches[0].confidence * 0.8, 2)
    return matches


def _stem(phrase: str) -> str:
    """The phrase with the endings of its long words cut ("banjskoj" -> "banjsk", "zubinog potoka" -> "zubin
    potok"): looked up when the phrase itself finds nothing, for inflected names the typo search misses; ""
    when no word is long enough to cut."""
    words = phrase.split()
    cut = [word[:-STEM_CUT] if len(word) >= STEM_CUT + 4 else word for word in words]
    return " ".join(cut) if cut != words else ""


def _namesakes(first: tuple[float, PlaceMatch], second: tuple[float, PlaceMatch]) -> bool:
    """Whether the two best matches are two places of the gazetteer, apart, found as alike by the same words
    (namesake villages): the reading is then less sure."""
    (score_a, a), (score_b, b) = first, second
    return (score_a - score_b < 0.01 and a.phrase == b.phrase and a.place.source == b.place.source == "gazetteer"
            and distance_km(a.place.lon, a.place.lat, b.place.lon, b.place.lat) > 2)
