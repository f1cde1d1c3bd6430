"""How often one client address may use the public pages: reports per hour (the mission's
`AlertSettings.public_reports_per_hour`) and status look-ups per hour (`STATUS_LOOKUPS_PER_HOUR`, against
guessing reference codes).

The address is never stored: only a keyed hash of it (`core.public.address_hash`), as the key of a counted
window in the database (`messaging.ratelimit`, shared by every web process)."""

from peaceops.core.public import HOUR, address_key
from peaceops.messaging.ratelimit import allow

#: Status look-ups one address may make in an hour (a reporter checking a few codes now and then never meets
#: it; guessing among 890 million codes at this pace is hopeless).
STATUS_LOOKUPS_PER_HOUR = 30


def may_report(request, mission, per_hour: int, now=None) -> bool:
    """Count one public report from this address to this mission; False once the hour's share is used."""
    return allow(address_key(f"alerts-report:{mission.pk}", request), limit=per_hour, now=now, window=HOUR)


def may_look_up(request, now=None) -> bool:
    """Count one status look-up from this address; False once the hour's share is used."""
    return allow(address_key("alerts-status", request), limit=STATUS_LOOKUPS_PER_HOUR, now=now, window=HOUR)
