"""Hostile files, generated small on disk, imported by `peaceops import-incidents` in a process of its own:
each ends in bounded memory and time with a rejected row or a clear refusal, and the good rows around it are
kept. The process's peak resident memory is compared with that of importing a two-row file (the bound, 300 MB
more, is generous: the hostile files unpack to 100-400 MB); the time bound only guards against a runaway."""

import gzip
import json
import os
import re

import pytest

from .cli_process import import_file, migrated_database

#: The imports run in a process of their own on a SQLite database of their own, whatever the suite's database:
#: the PostgreSQL pass would repeat the same runs (about 100 s), so they run once, in the SQLite pass.
pytestmark = pytest.mark.skipif(bool(os.environ.get("PEACEOPS_DATABASE_URL")),
                                reason="imports into a SQLite database of its own: run in the SQLite pass")

#: Peak memory above the two-row import's that an import may reach.
MEMORY_BOUND_MB = 300
#: A guard against a runaway, not a performance test.
TIME_BOUND_S = 300
HEADER = b"id,title,description,occurred_start,lon,lat\n"


def good_row(n: int) -> bytes:
    return f"H-{n},Roadblock {n},Seen by a patrol,2026-03-01,20.86,42.89\n".encode()


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return migrated_database(tmp_path_factory.mktemp("hostile-db"))


@pytest.fixture(scope="module")
def baseline(database, tmp_path_factory):
    """Peak memory of importing a two-row file (Django, the apps and the import machinery loaded)."""
    work = tmp_path_factory.mktemp("baseline")
    path = work / "two.csv"
    path.write_bytes(HEADER + good_row(1) + good_row(2))
    run = import_file(database, work, path, "--format", "csv")
    assert run.returncode == 0, run.stderr
    assert "Read 2 rows: 2 created" in run.stdout
    return run.peak_rss_mb


def write_gzip(path, *parts) -> None:
    """A gzip file of `parts`: bytes, or (bytes, times) for a piece repeated without holding it whole."""
    with gzip.open(path, "wb", compresslevel=9) as out:
        for part in parts:
            piece, times = part if isinstance(part, tuple) else (part, 1)
            for _ in range(times):
                out.write(piece)


def assert_bounded(run, baseline) -> None:
    assert run.peak_rss_mb - baseline < MEMORY_BOUND_MB, (run.peak_rss_mb, baseline, run.stderr[-2000:])
    assert run.seconds < TIME_BOUND_S


def test_a_400_mb_quoted_field_is_a_rejected_row(database, baseline, tmp_path):
    path = tmp_path / "field.csv.gz"
    write_gzip(path, HEADER + good_row(1), b'H-2,Huge,"', (b"x" * 1024 * 1024, 400),
               b'",2026-03-01,20.86,42.89\n', good_row(3))
    assert path.stat().st_size < 1024 * 1024

    run = import_file(database, tmp_path, path, "--format", "csv")

    assert run.returncode == 0, run.stderr[-2000:]
    assert "Read 3 rows: 2 created, 0 updated, 0 unchanged, 1 rejected" in run.stdout
    assert ("line 3: row: longer than 4,000,000 characters (PEACEOPS_IMPORT_MAX_ROW_CHARS), lines 3-3; "
            "not read") in run.stdout
    assert_bounded(run, baseline)


def test_a_quoted_field_of_a_million_lines_is_one_rejected_row(database, baseline, tmp_path):
    path = tmp_path / "lines.csv.gz"
    write_gzip(path, HEADER + good_row(1), b'H-2,Huge,"', (b"x" * 99 + b"\n", 1_000_000),
               b'",2026-03-01,20.86,42.89\n', good_row(3))

    run = import_file(database, tmp_path, path, "--format", "csv")

    assert run.returncode == 0, run.stderr[-2000:]
    assert "Read 3 rows: 2 created, 0 updated, 0 unchanged, 1 rejected" in run.stdout
    assert "line 3: row: longer than 4,000,000 characters (PEACEOPS_IMPORT_MAX_ROW_CHARS), lines 3-1000003" \
        in run.stdout
    assert_bounded(run, baseline)


def test_a_200_mb_description_is_a_rejected_row(database, baseline, tmp_path):
    path = tmp_path / "description.csv.gz"
    write_gzip(path, HEADER + good_row(1), b"H-2,Long,", (b"words " * 100_000, 350),
               b",2026-03-01,20.86,42.89\n")

    run = import_file(database, tmp_path, path, "--format", "csv")

    assert run.returncode == 0, run.stderr[-2000:]
    assert "Read 2 rows: 1 created, 0 updated, 0 unchanged, 1 rejected" in run.stdout
    assert "line 3: row: longer than 4,000,000 characters" in run.stdout
    assert_bounded(run, baseline)


def test_a_gzip_bomb_is_refused_at_the_decompressed_limit(database, baseline, tmp_path):
    path = tmp_path / "bomb.csv.gz"
    write_gzip(path, HEADER + good_row(1), (b" " * 1024 * 1024, 1024))  # 1 GB of spaces in 1 MB on disk
    assert path.stat().st_size < 2 * 1024 * 1024

    run = import_file(database, tmp_path, path, "--format", "csv",
                      PEACEOPS_IMPORT_MAX_DECOMPRESSED_BYTES=256 * 1024 * 1024)

    assert run.returncode == 1
    assert ("the file holds more than 268,435,456 bytes once decompressed "
            "(PEACEOPS_IMPORT_MAX_DECOMPRESSED_BYTES); nothing after that was read") in run.stderr
    assert_bounded(run, baseline)


def test_400000_rows_sharing_one_id_take_linear_time(database, baseline, tmp_path):
    """Each pair of rows is one version of incident S-1: the repeat of a version is unchanged, a changed
    version updates the incident until the limit of changed repeats (100 here), after which it is rejected
    (but for the first row of each later batch of 2000 rows, which updates as a repeat in a later batch does)."""
    path = tmp_path / "one-id.csv.gz"
    with gzip.open(path, "wb") as out:
        out.write(HEADER)
        for version in range(200_000):
            row = f"S-1,Version {version},Seen,2026-03-01,20.86,42.89\n".encode()
            out.write(row + row)

    run = import_file(database, tmp_path, path, "--format", "csv", PEACEOPS_IMPORT_MAX_REPEATED_IDS=100)

    assert run.returncode == 0, run.stderr[-2000:]
    read, created, updated, unchanged, rejected = map(int, re.search(
        r"Read (\d+) rows: (\d+) created, (\d+) updated, (\d+) unchanged, (\d+) rejected", run.stdout).groups())
    assert (read, created) == (400_000, 1)
    assert created + updated + unchanged + rejected == read
    assert 100 <= updated <= 100 + 400_000 / 2000 and rejected > 399_000
    assert ("line 204: id: repeats the id of line 202 with other values, and the file has changed a repeated "
            "id more than 100 times (PEACEOPS_IMPORT_MAX_REPEATED_IDS)") in run.stdout
    assert_bounded(run, baseline)


def test_a_geojson_property_nested_200000_levels_deep_is_a_rejected_feature(database, baseline, tmp_path):
    def feature(n, **extra):
        return json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [20.86, 42.89]},
                           "properties": {"id": f"G-{n}", "title": f"Feature {n}",
                                          "occurred_start": "2026-03-01", **extra}}).encode()

    depth = 200_000
    deep = feature(2, unknown="DEEP").replace(b'"DEEP"', b"[" * depth + b"]" * depth)
    path = tmp_path / "deep.geojson"
    path.write_bytes(b'{"type": "FeatureCollection", "note": ' + b"{\"a\": " * 1000 + b"1" + b"}" * 1000
                     + b', "features": [' + feature(1) + b", " + deep + b", " + feature(3) + b"]}")
    assert path.stat().st_size < 500_000

    run = import_file(database, tmp_path, path, "--format", "geojson")

    assert run.returncode == 0, run.stderr[-2000:]
    assert "Read 3 rows: 2 created, 0 updated, 0 unchanged, 1 rejected" in run.stdout
    assert "line 1: feature: nested deeper than 20 levels (PEACEOPS_IMPORT_MAX_NESTING)" in run.stdout
    assert_bounded(run, baseline)
