"""The watch's triage pages under /alerts/: the live queue (`queue.py`, `live.py`) and, from other modules, the
actions on one alert. Mounted in peaceops/urls.py at "alerts/" before the alert pages, namespace "triage"."""
