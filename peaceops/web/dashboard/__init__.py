"""The mission dashboard: weekly incidents and fatalities by category, hotspot areas, the daily sitrep."""
