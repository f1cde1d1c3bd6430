"""The mission a signed-in user is working in: `peaceops.core.current_mission`, re-exported for the pages."""

from peaceops.core.current_mission import (  # noqa: F401
    SESSION_KEY,
    current_mission,
    may_work_in,
    set_current_mission,
    user_missions,
)
