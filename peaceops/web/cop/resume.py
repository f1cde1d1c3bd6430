"""The live stream's resume token: where a reconnecting stream starts reading, encrypted so that it says nothing.

A stream reads past change-log entries the user may not see, and must resume after them when the browser
reconnects (or it would read them again every time); yet what it sends must not depend on hidden changes. So
at each heartbeat it sends, as the event id, the position it has read to encrypted with a fresh random nonce
(Fernet, keyed from SECRET_KEY): the token's bytes change at every heartbeat whether anything changed or not,
and always have the same length. The browser hands it back as `Last-Event-ID`.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

#: Digits the position is padded to before encryption, so that every token has the same length.
_WIDTH = 20


def _fernet() -> Fernet:
    secret = f"peaceops.web.cop.resume:{settings.SECRET_KEY}".encode()
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(secret).digest()))


def resume_token(cursor: int) -> str:
    """The opaque token of a change-log position."""
    return _fernet().encrypt(str(cursor).zfill(_WIDTH).encode()).decode("ascii")


def cursor_of(token: str) -> int | None:
    """The position a resume token holds; None when it is not one of ours."""
    try:
        return int(_fernet().decrypt(token.encode("ascii")))
    except (InvalidToken, ValueError, UnicodeEncodeError):
        return None
