"""The demo mission's messaging: a console SMS gateway (the worker beside the demo's web server prints each
message it sends: nothing leaves the machine) and the message templates: the built-in wording of every message
in English, Albanian and Serbian (Latin and Cyrillic). Idempotent: loading again changes nothing."""

from peaceops.messaging.choices import GatewayKind

GATEWAY_NAME = "Demo console"


def ensure_messaging(mission, *, acting_user) -> str:
    """The mission's console gateway and templates; returns a line for the demo summary."""
    from django.db import transaction

    from peaceops.core.changelog import log_change
    from peaceops.core.choices import ChangeAction
    from peaceops.messaging.models import Gateway
    from peaceops.messaging.privacy import masked_snapshot
    from peaceops.messaging.wording import install_defaults

    with transaction.atomic():
        gateway, created = Gateway.objects.get_or_create(
            mission=mission, name=GATEWAY_NAME, defaults={"kind": GatewayKind.CONSOLE, "sender": "+38338000000"})
        if created:
            log_change(action=ChangeAction.CREATE, obj=gateway, acting_user=acting_user, before=None,
                       after=masked_snapshot(gateway), reason="demo", publish=False)
        templates = install_defaults(mission)  # a mission made before the wording came with its creation
    return (f"messaging: console SMS gateway {'created' if created else 'kept'} (webhook /hooks/sms/{gateway.uuid}/), "
            f"{templates} message templates added")
