"""The `peaceops` command: a thin face over the Django management commands.

`peaceops import-incidents ...` runs `manage.py import_incidents ...`; hyphens and underscores are alike.
`peaceops worker` runs the background worker (peaceops.worker; docs/operators/worker.md).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run one PeaceOps management command named with hyphens (e.g. `load-boundaries`)."""
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings")
    from django.core.management import execute_from_command_line

    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "peaceops"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
