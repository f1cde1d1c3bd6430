"""The conduct cases' need-to-know API routes (tests only: mounted under /api/v1/testrecords/cases by
peaceops.api.router when the tests-only app is installed); tokens need the `admin` scope."""

from peaceops.api.scopes import scoped
from peaceops.core.kit.api import need_to_know_router

from .models import ConductCase

router = need_to_know_router(ConductCase, auth=scoped(read=["admin"], write=["admin"]), tags=["testrecords"])
