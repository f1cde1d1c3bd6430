"""`peaceops export-feed --mission M --partner ORG [--record-type T] [--cursor C] [--limit N] -o FILE`: write a
signed partner feed file of the records of type T (`incidents`, the default, or `sites`) that ORG receives in M
after cursor C (0: everything), to hand over by any channel.

The file says its `cursor_to`; give it as --cursor next time. When more changes remain than --limit records,
the command says so: run it again from the new cursor.
"""

import os
from pathlib import Path

import orjson
from django.core.management.base import BaseCommand, CommandError

from peaceops.core.kit.releasable import releasable_types
from peaceops.core.models import Mission, Organisation
from peaceops.partners.feed import DEFAULT_LIMIT, MAX_LIMIT, feed_page
from peaceops.partners.signing import sign_feed


class Command(BaseCommand):
    help = "Write a signed feed file of the records (incidents, sites) released to a partner since a cursor."

    def add_arguments(self, parser):
        parser.add_argument("--mission", required=True, help="mission code, e.g. UNMIK")
        parser.add_argument("--partner", required=True, help="organisation code, e.g. KFOR")
        parser.add_argument("--record-type", default="incidents",
                            help="the record type of the feed: incidents (default) or sites")
        parser.add_argument("--cursor", type=int, default=0, help="cursor_to of the last feed given (default 0)")
        parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT,
                            help=f"records at most (default %(default)s, at most {MAX_LIMIT})")
        parser.add_argument("-o", "--output", required=True, metavar="FILE", help="the feed file to write")

    def handle(self, *args, **options):
        mission = Mission.objects.filter(code=options["mission"]).first()
        if mission is None:
            raise CommandError(f"--mission: no mission has code {options['mission']!r}")
        partner = Organisation.objects.filter(code=options["partner"]).first()
        if partner is None:
            raise CommandError(f"--partner: no organisation has code {options['partner']!r}")
        kinds = {t.name: t for t in releasable_types()}
        kind = kinds.get(options["record_type"])
        if kind is None:
            raise CommandError(f"--record-type: no feed of {options['record_type']!r} ({', '.join(kinds)})")
        if options["cursor"] < 0:
            raise CommandError("--cursor must be 0 or the cursor_to of an earlier feed")
        if not 1 <= options["limit"] <= MAX_LIMIT:
            raise CommandError(f"--limit must be between 1 and {MAX_LIMIT}")
        data = sign_feed(feed_page(partner, mission, cursor=options["cursor"], limit=options["limit"],
                                   record_type=kind))
        path = Path(options["output"])
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(data + b"\n")
        os.replace(partial, path)
        feed = orjson.loads(data)["feed"]
        self.stdout.write(
            f"Wrote {len(feed['records'])} record(s) for {partner.code} in {mission.code} to {path}; "
            f"next cursor {feed['cursor_to']}" + ("; more changes remain: run again from it." if feed["has_more"]
                                                   else ".")
        )
