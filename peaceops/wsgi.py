"""WSGI entry point for PeaceOps."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peaceops.settings")
application = get_wsgi_application()
