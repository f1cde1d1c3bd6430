"""The error a reader raises when a file as a whole cannot be read (its own module, so that `common` and
`encoding`, which both raise it, need not import each other)."""


class FileFormatError(ValueError):
    """The file as a whole cannot be read in this format (e.g. a required column is missing)."""
