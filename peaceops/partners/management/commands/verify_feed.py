"""`peaceops verify-feed FILE --public-key KEYFILE`: check that a partner feed file came unaltered from the
mission whose public key KEYFILE is. Exits 0 and summarises the feed when it verifies; otherwise exits
non-zero and says why (altered content, altered bytes, missing signature, wrong key).

Needs no database: a partner can run it anywhere PeaceOps is installed.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peaceops.partners.signing import FeedInvalid, load_public_key, verify_feed


class Command(BaseCommand):
    help = "Verify the signature of a partner feed file with the mission's public key."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="the feed file")
        parser.add_argument("--public-key", required=True, metavar="KEYFILE",
                            help="the mission's feed public key (PEM, from `peaceops feed-key`)")

    def handle(self, *args, **options):
        try:
            data = Path(options["file"]).read_bytes()
            key = load_public_key(Path(options["public_key"]).read_bytes())
        except OSError as exc:
            raise CommandError(f"cannot read {exc.filename}: {exc.strerror}") from exc
        except FeedInvalid as exc:
            raise CommandError(f"--public-key: {exc}") from exc
        try:
            feed = verify_feed(data, key)
        except FeedInvalid as exc:
            raise CommandError(f"NOT VERIFIED: {exc}") from exc
        records = feed.get("records", [])
        upserts = sum(1 for r in records if r.get("op") == "upsert")
        withdrawals = sum(1 for r in records if r.get("op") == "withdraw")
        # What the feed carries: the key of its upserts' records ("incident", "site").
        items = {k for r in records if r.get("op") == "upsert" for k in r if k not in ("op", "id", "change")}
        noun = items.pop() if len(items) == 1 else "incident"
        self.stdout.write(
            f"VERIFIED: feed of {feed.get('mission')} for {feed.get('partner')}, changes "
            f"{feed.get('cursor_from')}..{feed.get('cursor_to')}, generated {feed.get('generated_at')}: "
            f"{upserts} {noun}(s), {withdrawals} withdrawal(s)."
        )
