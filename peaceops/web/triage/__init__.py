"""The watch's triage pages for community alerts, mounted at /alerts/ (namespace "triage"): what an officer does
with an alert (verify into an incident, link to one, dismiss, mark as a misconduct allegation: `actions`), the
misconduct queue, asking the reporter for more (`replies`), the live queue
(`queue`, `live`) and the responses (`responses`)."""
