"""`peaceops install-basemap FILE` (or `--remove`): install the offline base map (docs/operators/base-maps.md)."""

from django.core.management.base import BaseCommand, CommandError

from peaceops.geo.basemap import installed
from peaceops.geo.basemap.archive import ArchiveError, ArchiveInfo


def describe(info: ArchiveInfo) -> list[str]:
    """What an operator should see of an archive: zooms, bounds, size, layers."""
    west, south, east, north = info.bounds
    return [
        f"zooms {info.min_zoom}-{info.max_zoom}, {info.tiles} tiles, {info.size / 1e6:.1f} MB",
        f"bounds west {west:.4f}, south {south:.4f}, east {east:.4f}, north {north:.4f}",
        "layers " + (", ".join(info.vector_layers) or "(not named in the metadata)"),
    ]


class Command(BaseCommand):
    help = ("Install the offline base map: check that FILE is a PMTiles v3 archive of vector tiles and copy it "
            "to PEACEOPS_BASEMAP (default var/basemap/basemap.pmtiles). The running server uses it at once.")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="PMTiles v3 vector tile archive (e.g. made by `pmtiles extract`)")
        parser.add_argument("--check", action="store_true", help="Only check FILE and print what it holds")
        parser.add_argument("--remove", action="store_true", help="Remove the installed base map")

    def handle(self, *args, file, check: bool, remove: bool, **options):
        if remove:
            if file:
                raise CommandError("--remove takes no FILE")
            gone = installed.remove()
            self.stdout.write(f"removed {installed.basemap_path()}" if gone else f"no base map was installed at {installed.basemap_path()}")
            return
        if not file:
            raise CommandError("FILE: name the PMTiles archive to install (or --remove)")
        try:
            info = installed.check(file) if check else installed.install(file)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"{file}: cannot be copied to {installed.basemap_path()} ({error.strerror})") from None
        self.stdout.write(f"{file}: a PMTiles vector archive" if check else f"installed {file} as {installed.basemap_path()}")
        for line in describe(info):
            self.stdout.write("  " + line)
        for warning in info.warnings:
            self.stderr.write(f"warning: {warning}")
