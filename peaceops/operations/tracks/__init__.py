"""A patrol's positions and track: intake of positions (`store.store_positions`, the one door), the track's
summary and presence computed from them (`geometry`), track files (`files`: GPX and GeoJSON), the API
(`api.router`, /api/v1/patrols/{id}/positions and /track) and the upload page (`pages`)."""
