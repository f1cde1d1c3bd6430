"""`peaceops export-incidents` end to end: filters, files, compression, progress and clear errors."""

import csv
import gzip
import json

import pytest
from django.core.management.base import CommandError

from peaceops.incidents.formats import exporters

from .seeds import SEEDS, day, expected_titles, exported_titles, run_export


def kfor_titles_where(condition) -> set[str]:
    """Titles KFOR may see among the seeds meeting `condition` (computed from the seed specs)."""
    visible = expected_titles("KFOR")
    return {s.title for s in SEEDS if s.title in visible and condition(s)}


def category_of(seed) -> str:
    return seed.extra.get("category_path", "mission/inter-ethnic")


@pytest.mark.parametrize("args, condition", [
    (("--since", "2026-03-05"), lambda s: s.extra["occurred_start"] >= day(5, 0)),
    (("--until", "2026-03-05"), lambda s: s.extra["occurred_start"] < day(5, 0)),
    (("--since", "2026-03-03", "--until", "2026-03-09T12:00:00Z"),
     lambda s: day(3, 0) <= s.extra["occurred_start"] < day(9, 12)),
    (("--category", "mission/crime"), lambda s: category_of(s) == "mission/crime"),
    (("--category", "crime"), lambda s: category_of(s) == "mission/crime"),
    (("--category", "mission"), lambda s: category_of(s).startswith("mission/")),
    (("--classification", "confidential"), lambda s: s.classification == "CONFIDENTIAL"),
    (("--q", "roadblock"), lambda s: "roadblock" in s.title.lower()),
    (("--actor", "unknown armed men"), lambda s: s.title == "Public stone-throwing at the bridge"),
    (("--status", "verified,closed"), lambda s: s.extra.get("status") == "verified"),
    (("--bbox", "21,42,22,43"), lambda s: s.extra.get("lon", 20.8671) >= 21),
    (("--mission", "MINUSCA"), lambda s: False),
])
def test_filters_narrow_the_export(seeded, args, condition):
    expected = kfor_titles_where(condition)
    titles = exported_titles("csv", run_export("--user", "kfor", *args)[0])
    assert sorted(titles) == sorted(expected)


def test_filters_are_meaningful():
    """Each filter case above keeps some but not all of KFOR's incidents (except the other mission)."""
    visible = expected_titles("KFOR")
    assert 0 < len(kfor_titles_where(lambda s: s.extra["occurred_start"] >= day(5, 0))) < len(visible)
    assert 0 < len(kfor_titles_where(lambda s: category_of(s) == "mission/crime")) < len(visible)


def test_admin_area_filter(seeded, admin_areas):
    area = admin_areas["admin2"]
    titles = exported_titles("csv", run_export("--user", "kfor", "--admin-area", str(area.pk))[0])
    expected = kfor_titles_where(lambda s: (s.extra.get("lon", 20.8671), s.extra.get("lat", 42.8914))
                                 == (20.8671, 42.8914))
    assert sorted(titles) == sorted(expected) and expected


@pytest.mark.parametrize("fmt, suffix", [("csv", ".csv.gz"), ("geojson", ".geojson.gz"), ("hxl", ".csv.gz"),
                                         ("ucdp-ged", ".csv")])
def test_file_output_gzip_when_named_gz(seeded, tmp_path, fmt, suffix):
    path = tmp_path / f"export{suffix}"
    out, err = run_export("--format", fmt, "--user", "kfor", "-o", str(path))
    assert out == ""
    raw = path.read_bytes()
    assert (raw[:2] == b"\x1f\x8b") == suffix.endswith(".gz")
    text = gzip.decompress(raw).decode("utf-8") if suffix.endswith(".gz") else raw.decode("utf-8")
    assert sorted(exported_titles(fmt, text)) == sorted(expected_titles("KFOR"))
    assert f"Exported 5 incident(s) as {fmt} to {path}" in err
    assert list(tmp_path.iterdir()) == [path]  # no partial file left behind


def test_progress_bar_counts_the_rows_on_stderr(seeded, tmp_path):
    _, err = run_export("--user", "kfor", "-o", str(tmp_path / "x.csv"))
    assert "Exporting to x.csv" in err and "5/5" in err


def test_stdout_export_has_no_progress_noise(seeded):
    out, err = run_export("--user", "kfor", "-o", "-")
    assert len(list(csv.reader(out.splitlines()))) == 1 + 5
    assert "Exporting to" not in err and "Exported 5 incident(s)" in err


def test_failed_export_leaves_the_previous_file_untouched(seeded, tmp_path, monkeypatch):
    path = tmp_path / "daily.csv"
    path.write_text("yesterday's export\n")

    def broken(records):
        yield "half a row"
        raise RuntimeError("disk full")

    monkeypatch.setitem(exporters._TEXT, "csv", broken)
    with pytest.raises(RuntimeError):
        run_export("--user", "kfor", "-o", str(path))
    assert path.read_text() == "yesterday's export\n"
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize("args, option", [
    (("--since", "yesterday"), "--since"),
    (("--until", "2026-13-01"), "--until"),
    (("--admin-area", "north"), "--admin-area"),
    (("--category", "no-such-category"), "--category"),
    (("--bbox", "20,42"), "--bbox"),
    (("--chunk-size", "0"), "--chunk-size"),
])
def test_bad_filter_value_names_the_option(seeded, args, option):
    with pytest.raises(CommandError) as error:
        run_export("--user", "kfor", *args)
    assert str(error.value).startswith(option)


def test_unknown_user_is_refused(seeded):
    with pytest.raises(CommandError, match="--user: no user named 'nobody'"):
        run_export("--user", "nobody")


def test_user_is_required(seeded):
    with pytest.raises(CommandError, match="--user is required"):
        run_export("--format", "csv")


def test_inactive_user_is_refused(seeded, people):
    people["kfor"].is_active = False
    people["kfor"].save()
    with pytest.raises(CommandError, match="inactive"):
        run_export("--user", "kfor")


def test_unknown_format_is_refused(seeded):
    with pytest.raises(CommandError, match="--format"):
        run_export("--user", "kfor", "--format", "xlsx")


def test_export_function_streams_to_any_text_stream(seeded, people):
    import io

    from peaceops.incidents.models import Incident

    buffer = io.StringIO()
    rows = exporters.export_incidents(Incident.objects.visible_to(people["osce"]), format="geojson", out=buffer)
    assert rows == len(expected_titles("OSCE")) == len(json.loads(buffer.getvalue())["features"])
    assert exporters.FORMATS["geojson"] == ("application/geo+json", ".geojson")
    with pytest.raises(exporters.UnknownFormat):
        exporters.export_incidents(Incident.objects.none(), format="pdf", out=buffer)


def test_stream_gives_the_same_text_piece_by_piece(seeded, people):
    import io

    from peaceops.incidents.models import Incident

    queryset = Incident.objects.visible_to(people["kfor"]).order_by("occurred_start", "pk")
    buffer = io.StringIO()
    exporters.export_incidents(queryset, format="hxl", out=buffer)
    pieces = list(exporters.stream_incidents(queryset, format="hxl"))
    assert len(pieces) == 2 + len(expected_titles("KFOR"))  # header, hashtags, one line per incident
    assert "".join(pieces) == buffer.getvalue()
