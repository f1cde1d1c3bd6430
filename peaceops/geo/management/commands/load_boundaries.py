"""`peaceops load-boundaries FILE --level N --mission CODE [--names FILE] [--user USERNAME]`."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peaceops.core.models import Mission
from peaceops.geo.loaders import GeoDataError, load_boundaries

from ._options import acting_user, show_warnings


def _read_names(path: str | None) -> dict | None:
    if not path:
        return None
    try:
        names = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommandError(f"--names: {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"--names: {path}: cannot be read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise CommandError(f"--names: {path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(names, dict):
        raise CommandError(f'--names: {path}: expected an object {{"CODE or name": {{"sq": "...", ...}}}}')
    return names


class Command(BaseCommand):
    help = ("Load one level of admin-area boundaries (GeoJSON FeatureCollection, plain or .gz) into a "
            "mission. Re-loading the same file changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="GeoJSON FeatureCollection of polygons, WGS84 (may be gzipped)")
        parser.add_argument("--mission", required=True, help="Mission code, e.g. UNMIK")
        parser.add_argument("--level", required=True, type=int, help="0 country, 1 region/district, 2 municipality")
        parser.add_argument("--names", help='JSON file mapping area code or name to {"en": ..., "sq": ..., "sr": ...}')
        parser.add_argument("--user", help="Username recorded in the change log (default: system)")
        parser.add_argument("--no-progress", action="store_true", help="Do not draw a progress bar")

    def handle(self, *args, file, mission, level, names, user, no_progress, **options):
        found = Mission.objects.filter(code=mission).first()
        if found is None:
            known = ", ".join(Mission.objects.values_list("code", flat=True)[:20]) or "none yet"
            raise CommandError(f"--mission: no mission with code '{mission}' (known: {known})")
        try:
            result = load_boundaries(file, mission=found, level=level, acting_user=acting_user(user),
                                     names=_read_names(names), progress=not no_progress and options["verbosity"] > 0)
        except GeoDataError as exc:
            raise CommandError(str(exc)) from None
        show_warnings(self, result.warnings, result.skipped)
        self.stdout.write(
            f"{found.code} level {level}: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.repaired} repaired, {result.skipped} skipped"
            + (f", {result.relinked} areas of level {level + 1} re-linked" if result.relinked else "")
        )
