"""Encryption at rest (`core.kit.cipher`): a sealed value opens only in its place and only unaltered; the keyring
comes from the environment or from a key file created 0600; `peaceops rotate-identity-keys` re-seals with the
newest key, counts the values per key (`--check`), and the old key can then be dropped."""

import base64
import datetime as dt
import os
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from peaceops.conduct import identities
from peaceops.conduct.services import CaseService
from peaceops.core.kit import cipher
from peaceops.core.kit.cipher import UnsealError, key_id_of, keyring, seal, unseal
from peaceops.testing import world

PLACE = "conduct.caseperson:7f1c:name_sealed"


def key(byte: int) -> str:
    return base64.urlsafe_b64encode(bytes([byte]) * 32).decode()


def test_a_sealed_value_opens_in_its_place_and_hides_the_text():
    token = seal("Drita Kelmendi-Zeqiri", context=PLACE)
    assert "Drita" not in token and token.startswith(f"v1.{keyring().newest[0]}.")
    assert token != seal("Drita Kelmendi-Zeqiri", context=PLACE)  # a fresh nonce each time
    assert unseal(token, context=PLACE) == "Drita Kelmendi-Zeqiri"
    assert seal("", context=PLACE) == "" and unseal("", context=PLACE) == ""


@pytest.mark.parametrize(
    "elsewhere", ["conduct.caseperson:8a2d:name_sealed", "conduct.caseperson:7f1c:contact_sealed"]
)
def test_a_value_moved_to_another_row_or_field_does_not_open(elsewhere):
    token = seal("+38344123456", context=PLACE)
    with pytest.raises(UnsealError, match="moved"):
        unseal(token, context=elsewhere)


def test_a_tampered_value_is_refused():
    token = seal("+38344123456", context=PLACE)
    body = bytearray(base64.urlsafe_b64decode(token.split(".")[2] + "=="))
    body[15] ^= 1
    tampered = ".".join([*token.split(".")[:2], base64.urlsafe_b64encode(bytes(body)).decode().rstrip("=")])
    with pytest.raises(UnsealError, match="tampered"):
        unseal(tampered, context=PLACE)
    with pytest.raises(UnsealError, match="not a sealed value"):
        unseal("Drita Kelmendi-Zeqiri", context=PLACE)


def test_an_unknown_key_id_is_refused_with_a_clear_message(settings):
    settings.PEACEOPS_IDENTITY_KEYS = f"old:{key(1)}"
    token = seal("+38344123456", context=PLACE)
    settings.PEACEOPS_IDENTITY_KEYS = f"new:{key(2)}"
    with pytest.raises(UnsealError, match="no identity key 'old' in the keyring"):
        unseal(token, context=PLACE)


def test_the_keyring_from_the_environment_newest_first(settings):
    settings.PEACEOPS_IDENTITY_KEYS = f"k2026:{key(2)}, k2025:{key(1)}"
    assert [kid for kid, _key in keyring().keys] == ["k2026", "k2025"]
    assert key_id_of(seal("x", context=PLACE)) == "k2026"
    for bad in (f"k1:{key(1)[:20]}", f"k.1:{key(1)}", f"k1:{key(1)},k1:{key(2)}", "k1:not base64!"):
        settings.PEACEOPS_IDENTITY_KEYS = bad
        with pytest.raises(ImproperlyConfigured):
            keyring()


def test_the_key_file_is_created_0600_on_first_use_and_kept(settings, tmp_path):
    path = tmp_path / "keys" / "identity-keys"
    settings.PEACEOPS_IDENTITY_KEY_FILE = path
    token = seal("+38344123456", context=PLACE)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(cipher.key_file_lines(path)) == 1
    cipher.reload_keyring()  # a restart reads the same file, the same key
    assert unseal(token, context=PLACE) == "+38344123456"
    path.write_text("")  # a file that exists but holds no key is an error, never silently replaced
    cipher.reload_keyring()
    with pytest.raises(ImproperlyConfigured, match="no identity key"):
        keyring()


@pytest.mark.django_db
def test_rotation_reseals_with_the_newest_key_then_the_old_key_goes(settings, tmp_path, mission, capsys):
    settings.PEACEOPS_IDENTITY_KEY_FILE = path = tmp_path / "identity-keys"
    cdo = world.person("cdo")
    case = CaseService().create(
        acting_user=cdo,
        mission=mission,
        data={
            "summary": "Alleged abuse",
            "reported_on": dt.date(2026, 11, 3),
            "personnel_category": "military_contingent",
            "subjects": 1,
            "nationality": "POL",
        },
    )
    people = [
        identities.add_person(
            case, acting_user=cdo, role="victim", name=f"Person {n}", contact=f"+3834400{n}"
        )
        for n in range(7)
    ]
    old = keyring().newest[0]
    call_command("rotate_identity_keys", "--add-key")
    new = keyring().newest[0]
    assert new != old and [parts[0] for parts in cipher.key_file_lines(path)] == [new, old]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with pytest.raises(CommandError, match=f"14 value\\(s\\) are still sealed with {old}"):
        call_command("rotate_identity_keys", "--drop-key", old)
    capsys.readouterr()
    call_command("rotate_identity_keys", "--batch", "3")
    assert "conduct.caseperson: 7 row(s) re-sealed with key " + new in capsys.readouterr().out
    call_command("rotate_identity_keys")  # again: nothing left to do
    assert "conduct.caseperson: 0 row(s) re-sealed" in capsys.readouterr().out
    call_command("rotate_identity_keys", "--check")
    assert f"conduct.caseperson: {new} 14" in capsys.readouterr().out
    call_command("rotate_identity_keys", "--drop-key", old)
    assert [parts[0] for parts in cipher.key_file_lines(path)] == [new]
    cipher.reload_keyring()
    shown = identities.reveal(people[3], acting_user=cdo, reason="after rotation")
    assert (shown["name"], shown["contact"]) == ("Person 3", "+38344003")


@pytest.mark.django_db
def test_check_counts_values_a_lost_key_sealed_and_fails(settings, tmp_path, mission, capsys):
    settings.PEACEOPS_IDENTITY_KEYS = f"lost:{key(1)}"
    cdo = world.person("cdo")
    case = CaseService().create(
        acting_user=cdo,
        mission=mission,
        data={
            "summary": "Alleged exploitation",
            "reported_on": dt.date(2026, 11, 3),
            "personnel_category": "civilian_national",
            "subjects": 1,
        },
    )
    identities.add_person(case, acting_user=cdo, role="witness", name="A witness")
    settings.PEACEOPS_IDENTITY_KEYS = f"kept:{key(2)}"
    identities.add_person(case, acting_user=cdo, role="victim", name="A victim", contact="+1")
    with pytest.raises(CommandError, match="1 sealed value\\(s\\) do not open"):
        call_command("rotate_identity_keys", "--check")
    assert "conduct.caseperson: kept 2; lost unopened 1" in capsys.readouterr().out
    with pytest.raises(CommandError, match="stopped: conduct.caseperson:.*no identity key 'lost'"):
        call_command("rotate_identity_keys")
    with pytest.raises(CommandError, match="PEACEOPS_IDENTITY_KEYS"):
        call_command("rotate_identity_keys", "--add-key")


def test_new_key_prints_a_key_line_that_the_keyring_accepts(settings, capsys):
    call_command("rotate_identity_keys", "--new-key")
    line = capsys.readouterr().out.strip()
    kid, encoded = line.split()
    settings.PEACEOPS_IDENTITY_KEYS = f"{kid}:{encoded}"
    assert keyring().newest[0] == kid
