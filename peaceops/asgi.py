"""ASGI entry point for PeaceOps (needed for live updates by server-sent events)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings")
application = get_asgi_application()
