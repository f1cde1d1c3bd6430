"""What every exporter of a file shares: spreadsheet-safe tabular text (`spreadsheet`: formula neutralisation,
one line at a time) and the file digest the ledger records (`digest`). The incident exports, one module per
format, are in `peaceops.incidents.formats.exporters`.
"""
