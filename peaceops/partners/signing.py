"""Signing and verifying partner feeds with the installation's Ed25519 feed-signing key.

A signed feed file is the canonical JSON (orjson, keys sorted, no spaces) of
    {"feed": {...the feed document...}, "signature": {"algorithm": "Ed25519", "key_id": ..., "value": ...}}
where `value` is the base64 Ed25519 signature of the canonical JSON of the whole document without `value`
(`{"feed": ..., "signature": {"algorithm": ..., "key_id": ...}}`), and `key_id` the first 16 hex digits of the
SHA-256 of the raw public key. `verify_feed` accepts a file only when it holds exactly those keys, its bytes are
exactly that canonical form (one trailing newline allowed) and the signature holds under the partner's copy of
the public key: every byte a reader acts on is signed, so adding, removing or changing any key or byte anywhere
makes verification fail.

The private key lives in the PEM file `settings.PEACEOPS_FEED_SIGNING_KEY` (created, mode 0600, on first use).
"""

import base64
import hashlib
import os
from pathlib import Path

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

ALGORITHM = "Ed25519"


class FeedInvalid(Exception):
    """A feed file that does not verify; the message says why."""


def canonical(value) -> bytes:
    """The canonical JSON bytes of a value: keys sorted, no whitespace, UTF-8."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def key_path() -> Path:
    return Path(settings.PEACEOPS_FEED_SIGNING_KEY)


def signing_key() -> Ed25519PrivateKey:
    """The feed-signing private key, generated into `key_path()` (mode 0600) when there is none yet.

    A new key is written to a private temporary file and linked into place only if no key is there yet, so
    two processes starting at once agree on one key and nobody ever reads a half-written file.
    """
    path = key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        temporary = path.with_name(f".{path.name}.{os.getpid()}.new")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
        try:
            os.link(temporary, path)
        except FileExistsError:  # another process made it first: use theirs
            pass
        finally:
            temporary.unlink()
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_key_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(serialization.Encoding.PEM,
                                   serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    """A public key from PEM text; FeedInvalid when it is not an Ed25519 public key."""
    try:
        key = serialization.load_pem_public_key(pem)
    except ValueError as exc:
        raise FeedInvalid(f"the public key file is not a PEM public key ({exc})") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise FeedInvalid("the public key is not an Ed25519 key")
    return key


#: The keys of a signed feed file, and of its signature block: nothing else may be in it.
ENVELOPE_KEYS = {"feed", "signature"}
SIGNATURE_KEYS = {"algorithm", "key_id", "value"}


def signed_message(envelope: dict) -> bytes:
    """What the signature covers: the canonical JSON of the whole document except the signature value."""
    signature = {k: v for k, v in envelope["signature"].items() if k != "value"}
    return canonical({**envelope, "signature": signature})


def sign_feed(feed: dict, key: Ed25519PrivateKey | None = None) -> bytes:
    """The signed feed file's bytes (canonical JSON, no trailing newline)."""
    key = key or signing_key()
    envelope = {"feed": feed, "signature": {"algorithm": ALGORITHM, "key_id": key_id(key.public_key())}}
    envelope["signature"]["value"] = base64.b64encode(key.sign(signed_message(envelope))).decode("ascii")
    return canonical(envelope)


def verify_feed(data: bytes, public_key: Ed25519PublicKey) -> dict:
    """The feed document of a signed feed file, or FeedInvalid saying why it cannot be trusted."""
    try:
        envelope = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise FeedInvalid(f"the file is not valid JSON, so it was altered or cut short ({exc})") from exc
    if not isinstance(envelope, dict) or "feed" not in envelope:
        raise FeedInvalid("the file is not a PeaceOps partner feed (no 'feed')")
    signature = envelope.get("signature")
    if not isinstance(signature, dict) or not signature.get("value"):
        raise FeedInvalid("the feed carries no signature")
    unsigned = sorted(set(envelope) - ENVELOPE_KEYS) + [f"signature.{k}" for k in sorted(set(signature) - SIGNATURE_KEYS)]
    if unsigned:
        raise FeedInvalid(f"the file holds {', '.join(unsigned)}, which a feed does not have: it was altered "
                          "after signing")
    if signature.get("algorithm") != ALGORITHM:
        raise FeedInvalid(f"unknown signature algorithm {signature.get('algorithm')!r} (expected {ALGORITHM})")
    expected_id = key_id(public_key)
    if signature.get("key_id") != expected_id:
        raise FeedInvalid(f"the feed was signed with key {signature.get('key_id')!r}, but the public key given "
                          f"is {expected_id!r}: wrong key, or the signature block was altered")
    try:
        value = base64.b64decode(signature["value"], validate=True)
        public_key.verify(value, signed_message(envelope))
    except (InvalidSignature, ValueError, TypeError) as exc:
        raise FeedInvalid("the signature does not match the content: the feed was altered after signing") from exc
    body = data[:-1] if data.endswith(b"\n") else data
    if body != canonical(envelope):
        raise FeedInvalid("the file's bytes differ from the signed canonical form: the file was altered")
    return envelope["feed"]
