"""Idempotent writes: a write sent twice with one key makes one record.

A phone that queued a report sends it again when it cannot tell whether the first try arrived (the link dropped
before the answer came back); a script retries an API call after a timeout. Each write carries a key the client
chose (the report form's hidden `submission_key`, a fresh UUID per render; the API's `Idempotency-Key` header),
and `once` writes the key (`core.models.SubmissionKey`: user, key, record type, record id) in the same
transaction as the record. A repeat of the key by the same user writes nothing and answers with the first
write's record; two simultaneous writes with one key race on the key's unique constraint (user, key), the loser's
transaction is rolled back whole (its record too) and it answers with the winner's record.

    key, earlier = sent_before(request, Incident)         # before validating: a repeat answers as the first did
    if earlier: ...redirect to earlier.record_id with "already received" (kit.views.already_received)
    result = once(request.user, key, Incident, lambda: create_incident(...))

Keys are per user: another user's key never matches (nor reveals that it exists).
"""

import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from peaceops.core.models import SubmissionKey

from .errors import FieldError

#: The form field and the HTTP header that carry the key.
FORM_FIELD = "submission_key"
HEADER = "Idempotency-Key"
#: What a key may be: 1 to 100 visible ASCII characters (a UUID is 36).
VALID_KEY = re.compile(r"^[\x21-\x7e]{1,100}$")


@dataclass(frozen=True)
class Submitted:
    """The outcome of an idempotent write: the record's id, and whether this was a repeat (nothing written)."""

    record_id: str
    repeat: bool


def submission_key(request, *, strict: bool = False) -> str | None:
    """The key of this write: the `Idempotency-Key` header, else the form's `submission_key`; None when there is
    none. A malformed key is ignored (a form still works), or refused naming the header when `strict` (the API)."""
    key = request.headers.get(HEADER) or request.POST.get(FORM_FIELD) or ""
    key = key.strip()
    if not key:
        return None
    if not VALID_KEY.match(key):
        if strict:
            raise FieldError(HEADER, "must be 1 to 100 visible ASCII characters (e.g. a UUID)")
        return None
    return key


def _label(model) -> str:
    return model._meta.label_lower


def received(user, key: str | None, model) -> Submitted | None:
    """The earlier write of this user with this key, or None. A key the user already spent on another record
    type is refused (FieldError naming the key): a client reusing keys would otherwise be told of a record it
    did not mean."""
    if not key or not getattr(user, "is_authenticated", False):
        return None
    found = SubmissionKey.objects.filter(user=user, key=key).only("record_type", "record_id").first()
    if found is None:
        return None
    if found.record_type != _label(model):
        raise FieldError(HEADER, "this key was already used for another kind of record")
    return Submitted(record_id=found.record_id, repeat=True)


def sent_before(request, model) -> tuple[str | None, Submitted | None]:
    """A form POST's key and, when this user sent it already (a retry, a phone's queue), that earlier write; a
    GET has none. A key spent on another record type is set aside: the form goes on without one."""
    key = submission_key(request) if request.method == "POST" else None
    try:
        return key, received(request.user, key, model)
    except FieldError:
        return None, None


def once(user, key: str | None, model, write) -> Submitted:
    """Run `write()` (which returns the record, or its id) unless this user's key was used already; the key is
    written in the same transaction as the record. Without a key (or a user), `write()` simply runs."""
    earlier = received(user, key, model)
    if earlier is not None:
        return earlier
    if not key or not getattr(user, "is_authenticated", False):
        with transaction.atomic():  # the write is one transaction whether or not it carries a key
            result = write()
        return Submitted(record_id=str(getattr(result, "pk", result)), repeat=False)
    try:
        with transaction.atomic():
            result = write()
            record_id = str(getattr(result, "pk", result))
            SubmissionKey.objects.create(user=user, key=key, record_type=_label(model), record_id=record_id)
    except IntegrityError:
        # Another request with this key committed first: this one's record was rolled back with it.
        winner = received(user, key, model)
        if winner is None:  # not the key's constraint: the write's own
            raise
        return winner
    return Submitted(record_id=record_id, repeat=False)
