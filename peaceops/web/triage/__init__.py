"""The watch's triage pages for community alerts, mounted at /alerts/ (namespace "triage"): what an officer does
with an alert (verify into an incident, link to one, dismiss, mark as a misconduct allegation: `actions`), the
misconduct queue, and the other helpers' queue and responses pages."""
