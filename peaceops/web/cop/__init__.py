"""The common operational picture (COP): the map page, its data endpoints, the incident list and live updates."""
