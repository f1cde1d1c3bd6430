"""The API's JSON body parser: standard JSON, refusing text that cannot be stored.

JSON may escape a lone UTF-16 surrogate ("\\ud800"), which decodes to a Python string that no UTF-8 database
(SQLite, PostgreSQL) can store: unchecked, it reached the write and answered 500. The parser refuses such a body
before any route sees it; the API answers 422 naming the field (`errors.install_error_handlers`).
"""

import json
import re

import orjson
from ninja.parser import Parser


class UnencodableText(ValueError):
    """A string (or key) of a JSON body holding a lone surrogate; `field` is its dotted path."""

    def __init__(self, field: str):
        self.field = field
        super().__init__(f"{field}: holds a lone UTF-16 surrogate (\\ud800-\\udfff), which is not text")


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def surrogate_path(value, path: tuple = ()) -> str | None:
    """The dotted path of the first string or key in `value` that holds a lone surrogate, or None."""
    if isinstance(value, str):
        return None if _encodable(value) else ".".join(str(p) for p in path)
    if isinstance(value, dict):
        for key, item in value.items():
            if not _encodable(key):
                return ".".join(str(p) for p in (*path, key.encode("utf-8", "backslashreplace").decode()))
            found = surrogate_path(item, (*path, key))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = surrogate_path(item, (*path, index))
            if found is not None:
                return found
    return None


#: 19 digits in a row: perhaps an integer beyond 64 bits, which orjson reads as a float and json.loads as an int.
_BIG_INTEGER = re.compile(rb"[0-9]{19}")


class StrictJsonParser(Parser):
    """ninja's JSON parser, refusing bodies that hold a lone surrogate anywhere (UnencodableText). orjson reads
    a body first (a batch of 1,000 positions: 0.3 ms instead of 1 ms); what it refuses or might read otherwise
    (an integer beyond 64 bits) goes to json.loads, so both give the same data and errors."""

    def parse_body(self, request):
        body = request.body
        if not _BIG_INTEGER.search(body):
            try:  # the fast path: orjson refuses what it cannot read as json.loads does (a lone surrogate, NaN, a
                return orjson.loads(body)  # byte order mark), which then takes json.loads's path below
            except orjson.JSONDecodeError:
                pass
        data = json.loads(body)
        if "\\u" in request.body.decode("utf-8", "replace"):  # only an escape can make a lone surrogate
            field = surrogate_path(data)
            if field is not None:
                raise UnencodableText(field)
        return data
