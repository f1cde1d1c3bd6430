"""Which text encoding an imported file is in: given (`--encoding`), or told from the start of the file.

A byte-order mark settles it (UTF-8, UTF-16, UTF-32); a start that is valid UTF-8 is UTF-8 (the export formats'
own encoding, and ASCII's superset); anything else is detected by charset-normalizer from the same sample
(Latin-1 and Windows code pages, mostly;
Windows-1252 where it fits as well as any). A file that is not text at all is refused.
"""

import codecs
import re

from charset_normalizer import from_bytes

from .errors import FileFormatError

#: How much of the file's start detection looks at.
SAMPLE_BYTES = 64 * 1024

_BOMS = (  # longest first: UTF-32's little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def given(name: str) -> str:
    """The codec an `--encoding` names (e.g. 'latin-1', 'cp1252', 'utf-16'); FileFormatError if unknown."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise FileFormatError(f"--encoding: {name!r} is not an encoding Python knows "
                              "(e.g. utf-8, latin-1, cp1252, utf-16)") from None


def detect(sample: bytes) -> str:
    """The codec of a file that starts with `sample` (at most SAMPLE_BYTES; all of a shorter file)."""
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    if _is_utf8(sample):
        return "utf-8"
    matches = list(from_bytes(sample))
    if not matches:
        raise FileFormatError("not a text file (no text encoding fits its first bytes); if it is text, "
                              "give its encoding with --encoding")
    # On a short sample several code pages fit equally well; Windows-1252 (a superset of Latin-1's letters,
    # the commonest encoding of Western files that are not UTF-8) is taken when it fits as well as the best.
    least_chaos = min(match.chaos for match in matches)
    western = [m for m in matches if m.encoding in _WESTERN and m.chaos <= least_chaos]
    return codecs.lookup((western or matches)[0].encoding).name


_WESTERN = ("cp1252", "latin_1", "iso8859_15")


def _is_utf8(sample: bytes) -> bool:
    """Whether the sample is UTF-8 (a character cut at its end allowed): all of it, or UTF-8 text with a few
    damaged bytes (fewer than its well-formed non-ASCII characters; those rows are rejected, the others kept).
    Text in a one-byte code page almost never forms a UTF-8 sequence, so it is not mistaken for UTF-8."""
    if b"\x00" in sample:
        return False  # UTF-16 without a mark is mostly NUL bytes: let detection say so
    text = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode(
        sample, final=len(sample) < SAMPLE_BYTES)
    if text.isascii():
        return True
    damaged = len(_ESCAPED.findall(text))
    return damaged == 0 or damaged < sum(1 for char in text if ord(char) > 127) - damaged


_ESCAPED = re.compile("[\udc80-\udcff]")


def label(codec: str) -> str:
    """How the report names a codec (e.g. 'UTF-8', 'UTF-16', 'cp1252')."""
    return {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (with BOM)", "utf-16": "UTF-16", "utf-32": "UTF-32",
            "iso8859-1": "Latin-1 (ISO 8859-1)", "latin-1": "Latin-1 (ISO 8859-1)"}.get(codec, codec)
