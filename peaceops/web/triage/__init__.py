"""The watch's triage pages for community alerts, under /alerts/ (namespace "triage"): each module one part
(responses.py: tasking responses, marking them done, closing the alert)."""
