"""The demo's backends: the console (the worker prints each message) and a file (one JSON line per message).
Both are idempotent: printing again reaches nobody, and the file backend writes a message's line once."""

import json
import logging
import sys

from django.utils import timezone

from ..conf import outbox_file
from . import Backend, Sent

logger = logging.getLogger("peaceops.messaging")


class ConsoleBackend(Backend):
    """Prints the message on the worker's standard output (a demo gateway: nothing leaves the machine)."""

    idempotent = True

    def send(self, message) -> Sent:
        sys.stdout.write(f"[SMS to {message.recipient} via {self.gateway.name}] {message.body}\n")
        sys.stdout.flush()
        return Sent(gateway_message_id=f"console-{message.uuid}")

    def lookup(self, message) -> str | None:
        return None  # resending prints again: harmless


class FileBackend(Backend):
    """Appends one JSON line per message to the outbox file (`PEACEOPS_MESSAGING_FILE`), once per message."""

    idempotent = True

    def send(self, message) -> Sent:
        path = outbox_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        reference = str(message.uuid)
        if self.lookup(message) is None:
            line = {"reference": reference, "to": message.recipient, "from": self.gateway.sender,
                    "text": message.body, "language": message.language, "at": timezone.now().isoformat()}
            with path.open("a", encoding="utf-8") as out:
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
        return Sent(gateway_message_id=f"file-{reference}")

    def lookup(self, message) -> str | None:
        path = outbox_file()
        if not path.exists():
            return None
        needle = f'"reference": "{message.uuid}"'
        with path.open(encoding="utf-8") as lines:
            return f"file-{message.uuid}" if any(needle in line for line in lines) else None
