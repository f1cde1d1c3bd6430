"""What is shown of personal data and secrets.

Phone numbers are personal data: shown in full only to holders of `messaging.view_phone_numbers` in the
mission, masked for everyone else (`+383••••••56`). Pages and the admin show numbers through `shown_number`.
The masking is the record kit's (`core.kit.personal`: records' personal fields are masked the same way).
A gateway's secrets are never shown back, nor kept in the change log (`masked_snapshot`)."""

from peaceops.core.access import access_profile
from peaceops.core.changelog import snapshot
from peaceops.core.kit.personal import MASK, mask_number

from .permissions import VIEW_PHONE_NUMBERS

#: A gateway's fields that hold secrets.
SECRET_FIELDS = ("secret", "api_token")

__all__ = ["MASK", "SECRET_FIELDS", "mask_number", "masked_snapshot", "may_see_numbers", "shown_number",
           "shown_recipient"]


def may_see_numbers(user, mission_id: int) -> bool:
    """Whether the user holds `messaging.view_phone_numbers` in the mission (superusers always)."""
    return bool(user and user.is_authenticated and access_profile(user).has_perm(mission_id, VIEW_PHONE_NUMBERS))


def shown_number(user, mission_id: int, number: str) -> str:
    """The number as this user may see it."""
    return number if may_see_numbers(user, mission_id) else mask_number(number)


def shown_recipient(user, message) -> str:
    """An outbound message's recipient as the user may see it: phone numbers (SMS) masked without the
    permission; e-mail addresses of staff are not masked."""
    from .choices import Channel

    if message.channel != Channel.SMS:
        return message.recipient
    return shown_number(user, message.mission_id, message.recipient)


def masked_snapshot(gateway) -> dict:
    """A gateway as the change log keeps it: secrets replaced by whether they are set."""
    data = snapshot(gateway)
    for name in SECRET_FIELDS:
        data[name] = "(set)" if data.get(name) else ""
    return data
