"""Fuzz `peaceops import-incidents` in every format with hypothesis: random bytes (plain, gzip, cut-short
gzip, behind a real header or a byte-order mark) end either in a summary or in a clear error, never a
traceback; and good rows mixed with random bad rows, in a random encoding (given or detected), are all
written, whatever the bad rows hold.

Examples are bounded and reproducible: 25 per test on SQLite, a sample on PostgreSQL, PEACEOPS_FUZZ_EXAMPLES
to choose (peaceops.testing.sweeps).
"""

import codecs
import csv
import gzip
import io
import itertools
import json

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from peaceops.incidents.models import Incident
from peaceops.testing.sweeps import examples

from .conftest import ACLED_SAMPLE, CAR_GED
from .test_import_bad_values import rows_of

FUZZ_EXAMPLES = examples(25)
fuzz_settings = settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True, database=None,
                         suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
_NUMBERS = itertools.count()

CSV_HEADER = b"id,title,description,occurred_start,lon,lat\n"
HEADERS = {
    "csv": CSV_HEADER,
    "ucdp-ged": b"id,type_of_violence,where_prec,date_prec,date_start,date_end,best,low,high\n",
    "acled": b"event_id_cnty,event_date,event_type,latitude,longitude,fatalities\n",
    "geojson": b'{"type": "FeatureCollection", "features": [',
}
USERS = {"csv": "watch", "acled": "watch", "geojson": "watch", "ucdp-ged": "jmac"}


def run(path, fmt, *args) -> str:
    out = io.StringIO()
    call_command("import_incidents", str(path), "--format", fmt, "--user", USERS[fmt], "--no-progress",
                 "--mission", "MINUSCA" if fmt == "ucdp-ged" else "UNMIK", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def both_missions(mission, orgs, people, minusca, analyst):
    """UNMIK (csv, acled, geojson: the watch officer) and MINUSCA (GED: the JMAC analyst)."""


def random_files():
    body = st.binary(max_size=3000)
    framed = st.tuples(st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\x1f\x8b"]),
                       st.booleans(), body)
    return framed


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", list(HEADERS))
def test_random_bytes_end_in_a_summary_or_a_clear_error(both_missions, tmp_path, fmt):
    @fuzz_settings
    @given(random_files(), st.sampled_from(["plain", "gzip", "cut gzip"]))
    def check(framed, packing):
        start, with_header, body = framed
        content = start + (HEADERS[fmt] if with_header else b"") + body
        if packing != "plain":
            content = gzip.compress(content)
            if packing == "cut gzip":
                content = content[: len(content) // 2]
        path = tmp_path / f"random-{next(_NUMBERS)}"
        path.write_bytes(content)
        try:
            output = run(path, fmt)
        except CommandError as refused:
            assert str(refused).strip(), "a refusal says why"
        else:
            assert output.startswith("Read ")

    check()


# Good rows of each format, and bad ones made of random text or bytes (never a quote or a line break, which
# would join the rows after them into one quoted field: that is what CSV means, not a lost row).
_JUNK_TEXT = st.text(st.characters(blacklist_characters='"\r\n\x00', blacklist_categories=("Cs",)), max_size=80)
_JUNK_BYTES = st.binary(max_size=80).map(lambda b: bytes(c for c in b if c not in b'"\r\n\x00'))
#: Values that broke imports: dates at the calendar's edges, numbers too long to convert, or random text.
_HOSTILE_VALUE = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-31", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-05:00",
                     "31 December 9999", "01 January 0001", "1700-01-01", "9" * 5000, "1e400", "-0", "nan"]),
    _JUNK_TEXT)
_TITLE = st.text(st.sampled_from("abcdeéèàçôüßñ ABCÉ-"), min_size=1, max_size=30).filter(str.strip)
_CODECS = ["utf-8", "utf-8-sig", "utf-16", "cp1252"]


def good_csv_row(number: int, title: str) -> str:
    return f"Z-{number},{title.strip()},Seen,2026-03-01,20.86,42.89\n"


@pytest.mark.django_db
def test_good_csv_rows_are_never_lost_among_bad_ones(both_missions, tmp_path):
    @fuzz_settings
    @given(st.lists(st.one_of(_TITLE.map(lambda t: ("good", t)), _JUNK_TEXT.map(lambda t: ("text", t)),
                              _JUNK_BYTES.map(lambda b: ("bytes", b))), min_size=1, max_size=30)
           .filter(lambda rows: any(kind == "good" for kind, _ in rows)),
           st.sampled_from(_CODECS), st.booleans())
    def check(rows, codec, given_encoding):
        good, lines = {}, [CSV_HEADER.decode()]
        for kind, value in rows:
            if kind == "good":
                number = next(_NUMBERS)
                good[f"Z-{number}"] = value.strip()
                lines.append(good_csv_row(number, value))
            elif kind == "text":
                lines.append(value + "\n")
            elif codec in ("utf-8", "cp1252"):  # raw bytes only where they cannot shift the text after them
                lines.append(value + b"\n")
        if codec in ("utf-16", "utf-8-sig"):
            content = "".join(line for line in lines if isinstance(line, str)).encode(codec, "replace")
        else:
            content = b"".join(line if isinstance(line, bytes) else line.encode(codec, "replace") for line in lines)
        path = tmp_path / f"mixed-{next(_NUMBERS)}.csv"
        path.write_bytes(content)
        args = ["--encoding", codec] if given_encoding else []
        try:
            run(path, "csv", *args)
        except CommandError as refused:
            raise AssertionError(f"refused a file with {len(good)} good rows: {refused}") from None
        written = dict(Incident.objects.filter(external_id__in=list(good)).values_list("external_id", "title"))
        assert set(written) == set(good)
        if given_encoding or codec != "cp1252":  # a short Windows-1252 file may be detected as another code page
            assert written == good

    check()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["ucdp-ged", "acled"])
def test_good_dataset_rows_are_never_lost_among_bad_ones(both_missions, tmp_path, fmt):
    if fmt == "ucdp-ged":
        header, rows = rows_of(CAR_GED, 20, keep=lambda r: int(r["low"]) <= int(r["best"]) <= int(r["high"]))
        id_column, field, count_column = "id", "ucdp_id", "best"
    else:
        header, rows = rows_of(ACLED_SAMPLE, 20, keep=lambda r: "BAD" not in (r["notes"] or "BAD"))
        id_column, field, count_column = "event_id_cnty", "acled_id", "fatalities"

    mutated = st.tuples(st.integers(0, len(rows) - 1), st.sampled_from(header), _HOSTILE_VALUE)

    @fuzz_settings
    @given(st.lists(st.one_of(st.integers(0, len(rows) - 1), _JUNK_TEXT, mutated), min_size=1, max_size=25)
           .filter(lambda items: any(isinstance(i, int) for i in items)))
    @example([0, (1, count_column, "9" * 5000), 2])  # a count too long to convert ended the import
    def check(items):
        Incident.objects.all().delete()
        out = io.StringIO()
        writer = csv.DictWriter(out, header, lineterminator="\n")
        writer.writeheader()
        wanted = set()
        for item in items:
            if isinstance(item, int):
                writer.writerow(rows[item])
                wanted.add(rows[item][id_column])
            elif isinstance(item, tuple):  # a good row with one value spoilt, under an id of its own
                position, column, value = item
                writer.writerow({**rows[position], column: value, id_column: f"X{next(_NUMBERS)}"})
            else:
                out.write(item + "\n")
        path = tmp_path / f"{fmt}-{next(_NUMBERS)}.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        run(path, fmt)
        written = set(Incident.objects.values_list(field, flat=True))
        assert wanted <= written  # a spoilt row may still be good (e.g. text in a column read as text)
        assert all(name.startswith("X") for name in written - wanted)

    check()


#: Any JSON value as a bad feature (integers within 64 bits: the parser refuses larger ones, which stops the
#: import with an error naming the place, as docs/operators/importing.md says).
_JSON = st.recursive(st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers(-2**63, 2**63 - 1) | st.text(),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                     max_leaves=20)


@pytest.mark.django_db
def test_good_geojson_features_are_never_lost_among_bad_ones(both_missions, tmp_path):
    @fuzz_settings
    @given(st.lists(st.one_of(_TITLE.map(lambda t: ("good", t)), _JSON.map(lambda v: ("junk", v)),
                              st.tuples(st.sampled_from(["occurred_start", "occurred_end", "reported_at",
                                                         "fatalities_best", "lon", "lat", "casualties"]),
                                        _HOSTILE_VALUE).map(lambda v: ("spoilt", v))),
                    min_size=1, max_size=20).filter(lambda items: any(k == "good" for k, _ in items)))
    def check(items):
        features, good = [], {}
        for kind, value in items:
            number = next(_NUMBERS)
            if kind == "junk":
                features.append(value)
                continue
            properties = {"id": f"Z-{number}", "title": "Spoilt", "occurred_start": "2026-03-01"}
            if kind == "good":
                good[f"Z-{number}"] = value.strip()
                properties.update(title=value, extra=value)
            else:  # a good feature with one value spoilt
                properties[value[0]] = value[1]
            features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [20.86, 42.89]},
                             "properties": properties})
        path = tmp_path / f"features-{next(_NUMBERS)}.geojson"
        path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
        run(path, "geojson")
        written = dict(Incident.objects.filter(external_id__in=list(good)).values_list("external_id", "title"))
        assert written == good

    check()
