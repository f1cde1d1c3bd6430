"""Incident file formats: `readers` (UCDP GED, ACLED, PeaceOps CSV, GeoJSON into `inputs.IncidentData`) and
`exporters` (PeaceOps CSV, GeoJSON, HXL, UCDP GED from any incident queryset), built on the generic file
machinery of `peaceops.interop` (streaming, encodings, limits, spreadsheet-safe cells).
"""
