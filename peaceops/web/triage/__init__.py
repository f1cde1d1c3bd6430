"""The watch's triage pages for community alerts: the queue and the actions on an alert (one module each)."""
