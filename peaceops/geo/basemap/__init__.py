"""The offline base map: an operator-supplied PMTiles v3 archive of OpenStreetMap vector tiles
(docs/operators/base-maps.md), read tile by tile (`archive`) and found where the operator installed it
(`installed`). The web face serves its tiles and the map style (peaceops.web.basemap)."""
