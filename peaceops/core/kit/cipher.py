"""Encryption at rest for identities (names and contacts of victims, witnesses and subjects): AES-256-GCM from
the `cryptography` package, with keys kept outside the database.

A sealed value is text: `v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>`. The associated data binds it to its
place (`context`: the model, the row and the field, e.g. "conduct.caseperson:<uuid>:name_sealed"), so a value
copied into another row or field does not decrypt. The keyring (`keyring()`) comes from the setting
PEACEOPS_IDENTITY_KEYS ("id:base64key,id2:base64key", newest first) or from the file
PEACEOPS_IDENTITY_KEY_FILE (lines "id base64key", newest first), created with one fresh key, mode 0600, when
neither holds a key. New values are sealed with the newest key; any key of the ring opens the values it sealed.
Rotation (`peaceops rotate-identity-keys`): put a new key first, run the command (it re-seals every registered
field with the newest key, `reseal`), then drop the old key (docs/operators/identity-keys.md).
"""

import base64
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

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
        raise UnsealError(f"no identity key {key_id!r} in the keyring (was it dropped before rotating?)")


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
        key = _unb64(encoded.strip())
        if len(key) != 32 or not kid or "." in kid:
            raise ImproperlyConfigured(
                f"identity key {kid!r}: a key id without dots and a base64 256-bit key"
            )
        keys.append((kid.strip(), key))
    return tuple(keys)


def _from_file(path: Path) -> tuple[tuple[str, bytes], ...]:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(new_key_line() + "\n")
    lines = [
        line.split() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")
    ]
    return _parse((parts[0], parts[1]) for parts in lines if len(parts) == 2)


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
    keyring.cache_clear()


def seal(text: str, *, context: str) -> str:
    """`text` encrypted with the newest key, bound to `context`; empty text stays empty."""
    if not text:
        return ""
    key_id, key = keyring().newest
    nonce = os.urandom(12)
    body = AESGCM(key).encrypt(nonce, text.encode(), context.encode())
    return f"{VERSION}.{key_id}.{_b64(nonce + body)}"


def key_id_of(token: str) -> str | None:
    """The id of the key that sealed `token` (None: empty)."""
    return token.split(".", 2)[1] if token else None


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
    """The associated data binding a sealed field of a row to its place."""
    return f"{instance._meta.label_lower}:{instance.pk}:{field}"


def register_sealed(model, fields=None) -> None:
    """Name `model`'s sealed fields (default: its `sealed_fields`) for rotation."""
    SEALED[model] = tuple(fields or model.sealed_fields)


def reseal(batch: int = 500, progress=None) -> dict[str, int]:
    """Re-seal, with the newest key, every value of every registered field sealed with an older key; returns
    {model label: rows re-sealed}. Rows are written in batches, each in its own transaction; running it again
    finds nothing left to do."""
    from django.db import transaction

    newest = keyring().newest[0]
    done = {}
    for model, fields in SEALED.items():
        count = 0
        rows = model._base_manager.order_by("pk").only("pk", *fields)
        for start in range(0, rows.count(), batch):
            with transaction.atomic():
                for row in rows.select_for_update()[start : start + batch]:
                    changed = []
                    for name in fields:
                        token = getattr(row, name)
                        if token and key_id_of(token) != newest:
                            context = context_of(row, name)
                            setattr(row, name, seal(unseal(token, context=context), context=context))
                            changed.append(name)
                    if changed:
                        row.save(update_fields=changed)
                        count += 1
            if progress:
                progress(model._meta.label_lower, min(start + batch, rows.count()), rows.count())
        done[model._meta.label_lower] = count
    return done
