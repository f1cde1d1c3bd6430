"""The limits of one incident import: how long a field or a row may be, how deep a GeoJSON feature may nest,
how many bytes a (decompressed) file may hold, and how often a file may give a changed version of an id.

They keep a hostile or broken file in bounded memory and time. Each comes from a setting (and so from an
environment variable of the same name, see peaceops/settings.py); a row beyond a field, row or nesting limit is
a rejected row, a file beyond the size limit is refused, and every message names the setting to raise.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True, slots=True)
class ImportLimits:
    """The limits in force for one import."""

    #: The longest field (CSV) or text value (GeoJSON), in characters: a longer one rejects its row.
    max_field_chars: int = 1_000_000
    #: The longest row (a CSV record, however many lines it spans; a GeoJSON feature's text), in characters.
    max_row_chars: int = 4_000_000
    #: How deep a GeoJSON feature may nest (the feature object is level 1, its properties level 2, ...).
    max_nesting: int = 20
    #: The most bytes the file may hold once decompressed (a plain file: its size).
    max_decompressed_bytes: int = 8 * 1024**3
    #: How many rows of one file may give a changed version of an id given earlier in the file (each is
    #: written on its own, as an update); later changed repeats are rejected.
    max_repeated_ids: int = 1000

    @classmethod
    def current(cls) -> "ImportLimits":
        """The limits the settings give (the defaults above for any setting left out)."""
        defaults = cls()
        return cls(**{name: int(getattr(settings, f"PEACEOPS_IMPORT_{name.upper()}", getattr(defaults, name)))
                      for name in cls.__slots__})


def setting(name: str) -> str:
    """The setting (and environment variable) that sets limit `name`, for messages."""
    return f"PEACEOPS_IMPORT_{name.upper()}"
