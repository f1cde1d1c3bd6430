"""Encodings through `peaceops import-incidents`: a Latin-1 or UTF-16 file is imported (its encoding detected
and said), `--encoding` overrides the detection, and bytes that are not text in the file's encoding reject
their row only, whether they come in the first rows or after thousands of good ones."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from peaceops.incidents.models import Incident

HEADER = "id,title,description,occurred_start,lon,lat\n"
TITLES = ["Attaque à Bria", "Église détruite près du marché", "Barrière érigée à Kaga-Bandoro",
          "Enlèvement signalé à Ndélé", "Tirs entendus près de l'hôpital"]


def run(path, *args) -> str:
    out = io.StringIO()
    call_command("import_incidents", str(path), "--format", "csv", "--user", "watch", "--no-progress", *args,
                 stdout=out)
    return out.getvalue()


def french_rows(count: int = 40) -> str:
    return "".join(f"E-{i},{TITLES[i % 5]},Rapport de la patrouille numéro {i}; témoins interrogés,"
                   f"2026-03-01,20.86,42.89\n" for i in range(count))


def titles() -> dict[str, str]:
    return dict(Incident.objects.values_list("external_id", "title"))


@pytest.mark.django_db
def test_a_latin_1_file_is_detected_and_imported(mission, orgs, people, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + french_rows()).encode("latin-1"))

    output = run(path)

    assert "Read 40 rows: 40 created, 0 updated, 0 unchanged, 0 rejected" in output
    assert "Encoding: cp1252 (detected)." in output  # Windows-1252: Latin-1's letters and more
    assert titles()["E-1"] == "Église détruite près du marché"


@pytest.mark.django_db
@pytest.mark.parametrize("codec, said", [("utf-16", "UTF-16"), ("utf-8-sig", "UTF-8 (with BOM)")])
def test_a_file_with_a_byte_order_mark_is_read_in_its_encoding(mission, orgs, people, tmp_path, codec, said):
    path = tmp_path / f"{codec}.csv"
    path.write_bytes((HEADER + french_rows(5)).encode(codec))

    output = run(path)

    assert "Read 5 rows: 5 created" in output
    assert f"Encoding: {said} (detected)." in output
    assert titles()["E-4"] == "Tirs entendus près de l'hôpital"


@pytest.mark.django_db
def test_encoding_given_overrides_the_detection(mission, orgs, people, tmp_path):
    path = tmp_path / "given.csv"
    path.write_bytes((HEADER + "G-1,Réunion à Bria,,2026-03-01,20.86,42.89\n").encode("mac_roman"))

    output = run(path, "--encoding", "mac_roman")  # detection would take these bytes for Windows-1252

    assert "Read 1 rows: 1 created" in output
    assert "Encoding: mac-roman (given)." in output
    assert titles()["G-1"] == "Réunion à Bria"
    with pytest.raises(CommandError, match="--encoding: 'klingon' is not an encoding Python knows"):
        run(path, "--encoding", "klingon")


@pytest.mark.django_db
def test_bad_utf8_after_thousands_of_good_rows_rejects_that_row_only(mission, orgs, people, tmp_path):
    rows = [f"U-{i},Patrouille {i} à Bria,,2026-03-01,20.86,42.89\n".encode() for i in range(3000)]
    rows[2500] = b"U-2500,Broken \xff\xfe text,,2026-03-01,20.86,42.89\n"  # far past the detection's sample
    rows[3] = b"U-3,Also \xe9 broken,,2026-03-01,20.86,42.89\n"  # and one in it
    path = tmp_path / "damaged.csv"
    path.write_bytes(HEADER.encode() + b"".join(rows))
    rejects = tmp_path / "rejects.csv"

    output = run(path, "--rejects", rejects)

    assert "Read 3000 rows: 2998 created, 0 updated, 0 unchanged, 2 rejected" in output
    assert "Encoding: UTF-8 (detected)." in output
    assert "line 5: row: holds bytes that are not UTF-8 text" in output
    assert "line 2502: row: holds bytes that are not UTF-8 text" in output
    assert Incident.objects.count() == 2998 and titles()["U-2999"] == "Patrouille 2999 à Bria"
    with rejects.open(encoding="utf-8", newline="") as f:
        written = list(csv.DictReader(f))
    assert [(r["line"], r["title"]) for r in written] == [("5", "Also \ufffd broken"),
                                                          ("2502", "Broken \ufffd\ufffd text")]


@pytest.mark.django_db
def test_a_binary_file_is_refused_as_not_text(mission, orgs, people, tmp_path):
    path = tmp_path / "picture.csv"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(CommandError, match="not a text file"):
        run(path)
