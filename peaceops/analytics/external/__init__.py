"""External forecasts in the ViEWS layout: reading files (`layout.py`), importing them for a mission
(`services.py`) and scoring them against the incidents that then happened (`scoring.py`)."""
