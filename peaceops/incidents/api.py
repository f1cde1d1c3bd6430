"""Incident API router (list, detail, create, update, delete, history, aggregate)."""

from ninja import Router

router = Router(tags=["incidents"])
