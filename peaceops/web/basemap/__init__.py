"""The maps' base: the style every PeaceOps map starts from (`style`), and the installed offline base map's
tiles and label glyphs served by PeaceOps itself (`views`). docs/operators/base-maps.md,
docs/decisions/base-map-tiles-served-one-by-one.md."""
