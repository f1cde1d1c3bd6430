"""What every importer of a file shares, whatever it imports: opening plain or gzipped files with progress
(`files`), detecting and labelling their encoding (`encoding`), splitting lines safely (`lines`), and the error
of a file that cannot be read at all (`errors.FileFormatError`). The incident readers, one module per format,
are in `peaceops.incidents.formats.readers`.
"""
