"""Template tags of the record kit: `{% submission_key_field %}`, the hidden idempotency key of a write form."""

import uuid

from django import template
from django.utils.html import format_html

from peaceops.core.kit.idempotency import FORM_FIELD

register = template.Library()


@register.simple_tag
def submission_key_field():
    """A hidden `submission_key` input holding a fresh UUID (one per render): the form's POST, sent again by a
    retry or by a phone's queue, makes one record (`peaceops.core.kit.idempotency`). The page's script may put
    a key of its own in it."""
    return format_html('<input type="hidden" name="{}" value="{}" data-submission-key>', FORM_FIELD, uuid.uuid4())
