"""`peaceops rotate-identity-keys [--check | --new-key | --add-key | --drop-key ID]`: the identity keys
(`core.kit.cipher`; docs/operators/identity-keys.md).

- without an option: re-seal every sealed value with the newest key of the ring, with a progress line;
- `--check`: try every sealed value with the ring and count them per key id (and those that do not open);
  exits 1 when some do not open;
- `--new-key`: print a fresh key line ("id base64-key") to put first in the key file (or, as "id:base64-key",
  first in PEACEOPS_IDENTITY_KEYS);
- `--add-key`: put a fresh key first in the key file (file keyrings only), keeping its mode 0600;
- `--drop-key ID`: remove key ID from the key file, refused while a value is still sealed with it.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from peaceops.core.kit import cipher


class Command(BaseCommand):
    help = "Re-seal the identities with the newest identity key; check, add or drop keys."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--check",
            action="store_true",
            help="Count the sealed values per key id; exit 1 when some do not open",
        )
        which.add_argument(
            "--new-key", action="store_true", help="Print a fresh key line (nothing is changed)"
        )
        which.add_argument("--add-key", action="store_true", help="Put a fresh key first in the key file")
        which.add_argument("--drop-key", metavar="ID", help="Remove key ID from the key file (when unused)")
        parser.add_argument("--batch", type=int, default=500, help="Rows re-sealed per transaction (500)")

    def handle(self, *args, check, new_key, add_key, drop_key, batch, **options):
        if new_key:
            line = cipher.new_key_line()
            self.stdout.write(line)
            self.stderr.write(
                "Put it first in the key file, or first in PEACEOPS_IDENTITY_KEYS as "
                f"{line.replace(' ', ':')}; restart; then run rotate-identity-keys."
            )
            return
        cipher.reload_keyring()
        if add_key:
            return self._add_key()
        if drop_key:
            return self._drop_key(drop_key)
        if check:
            return self._check()
        try:
            with self._progress() as report:
                done = cipher.reseal(batch=batch, progress=report)
        except cipher.UnsealError as error:
            raise CommandError(
                f"stopped: {error} (see docs/operators/identity-keys.md, a lost key)"
            ) from None
        newest = cipher.keyring().newest[0]
        for label, count in done.items():
            self.stdout.write(f"{label}: {count} row(s) re-sealed with key {newest}")

    def _progress(self):
        """A rich progress line per sealed model, on stderr (a plain line per batch when not a terminal)."""
        command = self

        class Line:
            def __enter__(self):
                self.progress = Progress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    disable=not command.stderr.isatty(),
                )
                self.tasks = {}
                self.progress.__enter__()
                return self

            def __call__(self, label, done, total):
                if label not in self.tasks:
                    self.tasks[label] = self.progress.add_task(label, total=total)
                self.progress.update(self.tasks[label], completed=done)
                if self.progress.disable:
                    command.stderr.write(f"{label}: {done}/{total}")

            def __exit__(self, *exc):
                return self.progress.__exit__(*exc)

        return Line()

    def _check(self):
        with self._progress() as report:
            found = cipher.survey(progress=report)
        ring = [kid for kid, _key in cipher.keyring().keys]
        self.stdout.write(f"keyring (newest first): {', '.join(ring)}")
        unopened = 0
        for label, counts in found.items():
            parts = [f"{kid} {count}" for kid, count in sorted(counts.items())] or ["no sealed value"]
            self.stdout.write(f"{label}: {'; '.join(parts)}")
            unopened += sum(count for kid, count in counts.items() if kid.endswith(" unopened"))
        if unopened:
            raise CommandError(f"{unopened} sealed value(s) do not open with this keyring", returncode=1)
        self.stdout.write("every sealed value opens")

    def _key_file(self) -> Path:
        if settings.PEACEOPS_IDENTITY_KEYS.strip():
            raise CommandError(
                "the keys come from PEACEOPS_IDENTITY_KEYS: change that setting instead "
                "(--new-key prints a fresh key)"
            )
        path = Path(settings.PEACEOPS_IDENTITY_KEY_FILE)
        cipher.keyring()  # creates the file when there is none yet
        return path

    def _write(self, path: Path, lines: list[str]) -> None:
        """Replace the key file at once, mode 0600 (a crash leaves the old file or the new, never half)."""
        temporary = path.with_name(path.name + ".new")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write("# PeaceOps identity keys, newest first (docs/operators/identity-keys.md)\n")
            file.write("".join(f"{line}\n" for line in lines))
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
        cipher.reload_keyring()

    def _add_key(self):
        path = self._key_file()
        line = cipher.new_key_line()
        self._write(path, [line, *(" ".join(parts) for parts in cipher.key_file_lines(path))])
        self.stdout.write(
            f"key {line.split()[0]} added first to {path}; back the file up, restart the "
            "application and the worker, then run rotate-identity-keys"
        )

    def _drop_key(self, key_id: str):
        path = self._key_file()
        lines = cipher.key_file_lines(path)
        if key_id not in [parts[0] for parts in lines]:
            raise CommandError(f"no key {key_id!r} in {path}")
        if len(lines) == 1:
            raise CommandError(f"{key_id} is the only key of {path}")
        if key_id == lines[0][0]:
            raise CommandError(f"{key_id} is the newest key: new values are sealed with it")
        found = cipher.survey()
        still = sum(counts[key_id] + counts[f"{key_id} unopened"] for counts in found.values())
        if still:
            raise CommandError(
                f"{still} value(s) are still sealed with {key_id}: run rotate-identity-keys first"
            )
        self._write(path, [" ".join(parts) for parts in lines if parts[0] != key_id])
        self.stdout.write(f"key {key_id} dropped from {path}")
