"""The request id of the work in progress (a web request, an API call, a CLI run), kept in a context var.

Change-log entries carry it, so every change made by one request or one import run can be found together.
"""

import contextvars
import uuid
from contextlib import contextmanager

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("peaceops_request_id", default="")


def current_request_id() -> str:
    """The id of the current request, or a fresh one when no request set it."""
    value = _request_id.get()
    return value or uuid.uuid4().hex


@contextmanager
def request_id_scope(value: str | None = None):
    """Run a block of work under one request id (a new one unless given)."""
    token = _request_id.set(value or uuid.uuid4().hex)
    try:
        yield _request_id.get()
    finally:
        _request_id.reset(token)
