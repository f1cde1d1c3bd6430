"""How often one client address may use the public pages: reports per hour (the mission's
`AlertSettings.public_reports_per_hour`) and status look-ups per hour (`STATUS_LOOKUPS_PER_HOUR`, against
guessing reference codes).

The address is never stored: only a keyed hash of it (HMAC-SHA-256 with the installation's secret key), as
the key of a counted window in the database (`messaging.ratelimit`, shared by every web process). The address
is the one the sign-in throttle uses (django-axes): `REMOTE_ADDR`, unless the operator declared the reverse
proxies in front (`AXES_IPWARE_*` settings, docs/operators/security.md)."""

import datetime as dt
import hashlib
import hmac

from axes.helpers import get_client_ip_address
from django.conf import settings

from peaceops.messaging.ratelimit import allow

#: The window both limits count in.
HOUR = dt.timedelta(hours=1)
#: Status look-ups one address may make in an hour (a reporter checking a few codes now and then never meets
#: it; guessing among 890 million codes at this pace is hopeless).
STATUS_LOOKUPS_PER_HOUR = 30


def address_hash(request) -> str:
    """A keyed hash of the client's address: the same address gives the same hash on this installation, and
    the address cannot be read back from it."""
    address = get_client_ip_address(request) or "unknown"
    key = hashlib.sha256(f"peaceops.alerts.public:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


def may_report(request, mission, per_hour: int, now=None) -> bool:
    """Count one public report from this address to this mission; False once the hour's share is used."""
    return allow(f"alerts-report:{mission.pk}:{address_hash(request)}", limit=per_hour, now=now, window=HOUR)


def may_look_up(request, now=None) -> bool:
    """Count one status look-up from this address; False once the hour's share is used."""
    return allow(f"alerts-status:{address_hash(request)}", limit=STATUS_LOOKUPS_PER_HOUR, now=now, window=HOUR)
