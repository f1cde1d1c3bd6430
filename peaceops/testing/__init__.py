"""Generic test bases for record types built on the kit (see `records.py`)."""
