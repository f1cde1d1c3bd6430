"""Encryption at rest for identities (names and contacts of victims, witnesses and subjects): AES-256-GCM from
the `cryptography` package, with keys kept outside the database.

A sealed value is text: `v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>`. The associated data binds it to its
place (`context`: the model, the row and the field, e.g. "conduct.caseperson:<uuid>:name_sealed"), so a value
copied into another row or field does not decrypt. The keyring (`keyring()`) comes from the setting
PEACEOPS_IDENTITY_KEYS ("id:base64key,id2:base64key", newest first) or from the file
PEACEOPS_IDENTITY_KEY_FILE (lines "id base64key", newest first), created with one fresh key, mode 0600, when
neither holds a key. New values are sealed with the newest key; any key of the ring opens the values it sealed.
Rotation (`peaceops rotate-identity-keys`): put a new key first, restart, run the command (it re-seals every
registered field with the newest key, `reseal`), check that no value is left under the old key (`survey`), then
drop the old key (docs/operators/identity-keys.md).
"""

import base64
import binascii
import logging
import os
import secrets
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

logger = logging.getLogger(__name__)

VERSION = "v1"
#: Models with sealed fields: {model: field names} (`register_sealed`), what rotation re-seals.
SEALED: dict = {}


class UnsealError(ValueError):
    """A sealed value that no key of the ring opens (wrong key, wrong place, or tampered with)."""


@dataclass(frozen=True)
class Keyring:
    """The identity keys, newest first: {key id: 32-byte key}."""

    keys: tuple[tuple[str, bytes], ...]

    @property
    def newest(self) -> tuple[str, bytes]:
        return self.keys[0]

    def key(self, key_id: str) -> bytes:
        for kid, key in self.keys:
            if kid == key_id:
                return key
        raise UnsealError(
            f"no identity key {key_id!r} in the keyring (was it dropped before rotating, or is the key file "
            f"or PEACEOPS_IDENTITY_KEYS not the one this value was sealed with?)"
        )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_key_line(key_id: str | None = None) -> str:
    """A line for the key file: a fresh key id and a fresh 256-bit key."""
    return f"{key_id or 'k' + secrets.token_hex(4)} {_b64(AESGCM.generate_key(bit_length=256))}"


def _parse(pairs) -> tuple[tuple[str, bytes], ...]:
    keys = []
    for kid, encoded in pairs:
        kid = kid.strip()
        try:
            key = _unb64(encoded.strip())
        except (binascii.Error, ValueError):
            key = b""
        if len(key) != 32 or not kid or "." in kid or ":" in kid or " " in kid:
            raise ImproperlyConfigured(
                f"identity key {kid!r}: a key id without dots, colons or spaces and a base64 256-bit key"
            )
        if kid in dict(keys):
            raise ImproperlyConfigured(f"identity key {kid!r} is named twice in the keyring")
        keys.append((kid, key))
    return tuple(keys)


def _create_key_file(path: Path) -> None:
    """A new key file holding one fresh key, readable by its owner only (0600); another process creating it at
    the same moment wins, and its key is the one used."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w") as file:
        file.write("# PeaceOps identity keys, newest first (docs/operators/identity-keys.md)\n")
        file.write(new_key_line() + "\n")
    logger.warning(
        "created the identity key file %s with a new key: back it up apart from the database", path
    )


def key_file_lines(path: Path) -> list[list[str]]:
    """The key lines of a key file, each [key id, base64 key] (comments and blank lines left out)."""
    return [
        line.split() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")
    ]


def _from_file(path: Path) -> tuple[tuple[str, bytes], ...]:
    if not path.exists():
        _create_key_file(path)
    if path.stat().st_mode & 0o077:
        logger.warning("the identity key file %s is readable by others than its owner: chmod 600 it", path)
    lines = key_file_lines(path)
    bad = [parts for parts in lines if len(parts) != 2]
    if bad:
        raise ImproperlyConfigured(
            f"{path}: each key line is 'key-id base64-key' ({len(bad)} line(s) are not)"
        )
    return _parse((parts[0], parts[1]) for parts in lines)


@lru_cache(maxsize=1)
def keyring() -> Keyring:
    """The keyring the settings name (read once per process; `reload_keyring` after changing them)."""
    configured = settings.PEACEOPS_IDENTITY_KEYS.strip()
    if configured:
        keys = _parse(item.split(":", 1) for item in configured.split(",") if item.strip())
    else:
        keys = _from_file(Path(settings.PEACEOPS_IDENTITY_KEY_FILE))
    if not keys:
        raise ImproperlyConfigured(
            "no identity key: set PEACEOPS_IDENTITY_KEYS or PEACEOPS_IDENTITY_KEY_FILE"
        )
    return Keyring(keys)


def reload_keyring() -> None:
    """Forget the keyring read, so that the next use reads the settings (and the key file) again."""
    keyring.cache_clear()


@receiver(setting_changed)
def _settings_changed(*, setting, **kwargs) -> None:
    if setting in ("PEACEOPS_IDENTITY_KEYS", "PEACEOPS_IDENTITY_KEY_FILE"):
        reload_keyring()


def seal(text: str, *, context: str) -> str:
    """`text` encrypted with the newest key, bound to `context`; empty text stays empty."""
    if not text:
        return ""
    key_id, key = keyring().newest
    nonce = os.urandom(12)
    body = AESGCM(key).encrypt(nonce, text.encode(), context.encode())
    return f"{VERSION}.{key_id}.{_b64(nonce + body)}"


def key_id_of(token: str) -> str | None:
    """The id of the key that sealed `token` (None: empty); `UnsealError` when it is not a sealed value."""
    if not token:
        return None
    parts = token.split(".", 2)
    if len(parts) != 3 or parts[0] != VERSION:
        raise UnsealError("not a sealed value")
    return parts[1]


def unseal(token: str, *, context: str) -> str:
    """The text `token` seals for `context`; raises `UnsealError` when no key of the ring opens it there."""
    if not token:
        return ""
    try:
        version, key_id, body = token.split(".", 2)
        data = _unb64(body)
    except ValueError:
        raise UnsealError("not a sealed value") from None
    if version != VERSION or len(data) < 13:
        raise UnsealError("not a sealed value")
    try:
        return AESGCM(keyring().key(key_id)).decrypt(data[:12], data[12:], context.encode()).decode()
    except InvalidTag:
        raise UnsealError(
            "the value does not open with its key in this place (tampered with or moved)"
        ) from None


def context_of(instance, field: str) -> str:
    """The associated data binding a sealed field of a row to its place (the row needs its primary key before
    anything is sealed into it: give such models a UUID key with a default)."""
    if instance.pk is None:
        raise ValueError(
            f"{instance._meta.label_lower} has no primary key yet: a sealed value needs its place"
        )
    return f"{instance._meta.label_lower}:{instance.pk}:{field}"


def register_sealed(model, fields=None) -> None:
    """Name `model`'s sealed fields (default: its `sealed_fields`) for rotation."""
    SEALED[model] = tuple(fields or model.sealed_fields)


def _holding(model, fields):
    """The rows of `model` holding a value in one of `fields`."""
    from django.db.models import Q

    holding = Q()
    for name in fields:
        holding |= ~Q(**{name: ""})
    return model._base_manager.filter(holding).order_by("pk").only("pk", *fields)


def _rows(model, fields, batch: int):
    """The rows of `model` holding a value in one of `fields`, in batches by primary key (each batch locked and
    written in its own transaction by the caller)."""
    rows = _holding(model, fields)
    last = None
    while True:
        page = list((rows if last is None else rows.filter(pk__gt=last)).values_list("pk", flat=True)[:batch])
        if not page:
            return
        yield rows.filter(pk__in=page)
        last = page[-1]


def reseal(batch: int = 500, progress=None) -> dict[str, int]:
    """Re-seal, with the newest key, every value of every registered field sealed with an older key; returns
    {model label: rows re-sealed}. Rows are written in batches, each in its own transaction (a row changed
    meanwhile is read again under its lock); running it again finds nothing left to do. A value no key opens
    stops it with `UnsealError` naming the row (the rows before it stay re-sealed). `progress(label, done,
    total)` is called after each batch."""
    from django.db import transaction

    newest = keyring().newest[0]
    done = {}
    for model, fields in SEALED.items():
        label, count, seen = model._meta.label_lower, 0, 0
        total = _holding(model, fields).count()
        for rows in _rows(model, fields, batch):
            with transaction.atomic():
                for row in rows.select_for_update():
                    seen += 1
                    changed = []
                    for name in fields:
                        token = getattr(row, name)
                        if token and key_id_of(token) != newest:
                            context = context_of(row, name)
                            try:
                                text = unseal(token, context=context)
                            except UnsealError as error:
                                raise UnsealError(f"{context}: {error}") from None
                            setattr(row, name, seal(text, context=context))
                            changed.append(name)
                    if changed:
                        row.save(update_fields=changed)
                        count += 1
            if progress:
                progress(label, seen, total)
        done[label] = count
    return done


def survey(progress=None) -> dict[str, Counter]:
    """Every sealed value of every registered field tried with the keyring: {model label: Counter} counting
    values per key id ("<key id>") and those that do not open ("<key id> unopened": a lost key, a tampered or
    moved value). Reads only."""
    result = {}
    ring = dict(keyring().keys)
    for model, fields in SEALED.items():
        label, counts, seen = model._meta.label_lower, Counter(), 0
        total = _holding(model, fields).count()
        for rows in _rows(model, fields, 500):
            for row in rows:
                seen += 1
                for name in fields:
                    token = getattr(row, name)
                    if not token:
                        continue
                    try:
                        kid = key_id_of(token)
                    except UnsealError:
                        counts["(not a sealed value) unopened"] += 1
                        continue
                    if kid not in ring:
                        counts[f"{kid} unopened"] += 1
                        continue
                    try:
                        unseal(token, context=context_of(row, name))
                        counts[kid] += 1
                    except UnsealError:
                        counts[f"{kid} unopened"] += 1
            if progress:
                progress(label, seen, total)
        result[label] = counts
    return result
