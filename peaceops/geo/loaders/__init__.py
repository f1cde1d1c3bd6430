"""Loaders of geographic reference data: admin-area boundaries (GeoJSON) and gazetteers (GeoNames)."""

from .boundaries import BoundaryLoadResult, load_boundaries
from .files import GeoDataError
from .gazetteer import GazetteerLoadResult, load_gazetteer

__all__ = ["BoundaryLoadResult", "GazetteerLoadResult", "GeoDataError", "load_boundaries", "load_gazetteer"]
