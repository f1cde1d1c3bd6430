"""Live events: what changed, published after the transaction commits, to whoever listens in-process.

Listeners (the live COP stream, partner feeds) receive `LiveEvent`s and must apply `visible_to` themselves
before passing anything to a user.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction


@dataclass(frozen=True)
class LiveEvent:
    """Something changed: e.g. ("incidents.incident", "update", <uuid>, mission id)."""

    object_type: str
    action: str
    object_id: str
    mission_id: int | None
    data: dict = field(default_factory=dict)


_listeners: list[Callable[[LiveEvent], None]] = []


def subscribe(listener: Callable[[LiveEvent], None]) -> Callable[[], None]:
    """Register a listener; returns a function that removes it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def publish_on_commit(event: LiveEvent) -> None:
    """Deliver the event to every listener once the surrounding transaction commits (never if it rolls back)."""

    def deliver():
        for listener in list(_listeners):
            listener(event)

    transaction.on_commit(deliver)
