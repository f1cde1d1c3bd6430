"""The API's JSON body parser reads a body as the standard library does, whichever reader it uses: numbers keep
their exact value, NaN and a byte order mark are read, a lone surrogate is refused naming its field."""

import pytest
from django.test import RequestFactory

from peaceops.api.parser import StrictJsonParser, UnencodableText


def parse(body: bytes):
    return StrictJsonParser().parse_body(RequestFactory().post("/api/v1/x", body, content_type="application/json"))


@pytest.mark.parametrize(("body", "value"), [
    (b'{"id": -9223372036854775809}', {"id": -9223372036854775809}),  # below 64 bits: still an exact integer
    (b'{"id": 123456789012345678901234567890}', {"id": 123456789012345678901234567890}),
    (b'{"n": 1e400, "ok": [1.5, "\\u00e9"]}', {"n": float("inf"), "ok": [1.5, "\u00e9"]}),
    (b'\xef\xbb\xbf{"a": 1}', {"a": 1}),
    (b'{"positions": [{"t": "2026-03-01T06:00:00Z", "lon": 20.1, "lat": 42.2}]}',
     {"positions": [{"t": "2026-03-01T06:00:00Z", "lon": 20.1, "lat": 42.2}]}),
])
def test_bodies_are_read_as_json_reads_them(body, value):
    assert parse(body) == value


def test_nan_is_read_as_before():
    assert parse(b'{"x": NaN}')["x"] != parse(b'{"x": NaN}')["x"]  # NaN, not refused


def test_a_lone_surrogate_is_refused_naming_the_field():
    with pytest.raises(UnencodableText) as refused:
        parse(b'{"items": [{"name": "a\\ud800b"}]}')
    assert refused.value.field == "items.0.name"
