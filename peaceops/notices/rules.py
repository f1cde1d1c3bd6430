"""Alert rules firing: matching records that are ready against the users' rules (`Subscription`), and telling
each rule's owner through the channels the rule names.

A record type is matched through the kit's FilterSet registry (`core.kit.filtering`): a rule's conditions are
the FilterSet's parameters, evaluated over `Model.objects.visible_to(rule.user)`, so a rule fires only for
records its owner may see. A rule fires at most once per record (`SubscriptionHit`).

When:
- new records of every registered record type, after the transaction that created them commits, in the worker
  (`on_records_created`, a receiver of `core.hooks.records_created`, queues `match_new_records`): intake of
  many records pays one indexed query per batch, and nothing when no rule of the type exists in the mission;
- a record type registered with `on_create=False` (alerts: their priority and place are known only after the
  worker has read them) calls `records_ready(model, records)` itself when they are ready; alerts connect
  `on_record_read` to their `alert_read` signal.
"""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.filtering import Filterable, filterable
from peaceops.messaging.choices import Channel
from peaceops.messaging.outbox import queue_message
from peaceops.worker.tasks import background_task

from .models import Subscription, SubscriptionHit
from .services import notify

logger = logging.getLogger("peaceops.notices")

#: Record ids per matching query and per worker task (SQLite's limit on query parameters is 999).
CHUNK = 500
#: The kind of the in-app notifications rules write.
KIND = "rule"


def conditions_data(conditions: dict) -> MultiValueDict:
    """A rule's stored conditions as a FilterSet reads request parameters (a list value: several choices)."""
    return MultiValueDict({key: [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
                           for key, value in (conditions or {}).items()})


def rules_for(label: str, mission_ids) -> "Subscription.objects":
    """The active rules of a record type in some missions."""
    return Subscription.objects.filter(active=True, record_type=label, mission_id__in=list(mission_ids))


def records_ready(model, records) -> int:
    """Match records of `model` (instances, or stand-ins with `pk` and `mission_id`) that are ready (created, or
    read) against the active rules of their missions, and tell each rule's owner of each record it matches that
    the owner may see and was not told of yet. One query per rule (and, for a rule that matched, one for the
    records it fired for before, one insert of its hits, and the telling). Call it
    inside the transaction that made the records ready or after it. Returns how many times rules fired."""
    entry = filterable(model)
    records = list(records)
    if entry is None or not records:
        return 0
    fired = 0
    by_mission: dict[int, list] = {}
    for record in records:
        by_mission.setdefault(record.mission_id, []).append(record.pk)
    rules = rules_for(entry.label, by_mission).select_related("user", "mission").order_by("pk")
    for rule in rules:
        if not rule.user.is_active:
            continue
        ids = by_mission[rule.mission_id]
        for start in range(0, len(ids), CHUNK):
            fired += _fire(rule, entry, ids[start:start + CHUNK])
    return fired


def _fire(rule: Subscription, entry: Filterable, ids: list) -> int:
    """Tell the rule's owner of the records among `ids` the rule matches (once each)."""
    visible = entry.model.objects.visible_to(rule.user).filter(pk__in=ids, mission_id=rule.mission_id)
    try:
        filters = entry.filters(conditions_data(rule.conditions), visible, rule.user)
        matched = list(filters.qs) if filters.is_valid() else []
    except FieldError as error:  # a condition the FilterSet no longer understands: the rule matches nothing
        logger.warning("alert rule %s: %s", rule.pk, error)
        matched = []
    if not matched:
        return 0
    told = set(SubscriptionHit.objects.filter(subscription=rule, record_id__in=[str(r.pk) for r in matched])
               .values_list("record_id", flat=True))
    new = [record for record in matched if str(record.pk) not in told]
    try:
        with transaction.atomic():  # the usual case: one insert of the hits, then the telling
            SubscriptionHit.objects.bulk_create([SubscriptionHit(subscription=rule, record_id=str(record.pk))
                                                 for record in new])
            for record in new:
                tell(rule, entry, record)
        return len(new)
    except IntegrityError:  # another worker fired for some of them meanwhile: one record at a time
        pass
    fired = 0
    for record in new:
        try:
            with transaction.atomic():
                SubscriptionHit.objects.create(subscription=rule, record_id=str(record.pk))
                tell(rule, entry, record)
        except IntegrityError:  # fired for this record before
            continue
        fired += 1
    return fired


def tell(rule: Subscription, entry: Filterable, record) -> None:
    """Tell the rule's owner of one record through the rule's channels: in the app (`notify`), by e-mail to the
    user's address and by SMS to the rule's number (messaging's outbox, related to the record). A channel that
    cannot be used (no e-mail address, no SMS gateway in the mission) is skipped and logged."""
    url = entry.url_of(record.pk)
    with translation.override(settings.LANGUAGE_CODE):  # stored in the platform's language, wherever matched
        words = {"rule": str(rule), "type": str(entry.model._meta.verbose_name), "record": str(record)[:200]}
        text = _("Alert rule “%(rule)s”: new %(type)s “%(record)s”") % words
        subject = _("PeaceOps: new %(type)s") % words
    if rule.in_app:
        notify(rule.user, kind=KIND, text=text, url=url, mission=rule.mission, related=record)
    link = (getattr(settings, "PEACEOPS_PUBLIC_URL", "") or "").rstrip("/") + url if url else ""
    if rule.by_email and rule.user.email:
        _queue(rule, record, Channel.EMAIL, rule.user.email, f"{text}\n\n{link}".strip(),
               subject=subject)
    if rule.by_sms and rule.sms_number:
        _queue(rule, record, Channel.SMS, rule.sms_number, f"PeaceOps: {text} {link}".strip()[:480])


def _queue(rule, record, channel: str, recipient: str, body: str, subject: str = "") -> None:
    try:
        queue_message(mission=rule.mission, channel=channel, recipient=recipient, body=body, subject=subject,
                      related=record)
    except FieldError as error:
        logger.warning("alert rule %s: no %s sent: %s", rule.pk, channel, error)


# -- When records are ready ------------------------------------------------------------------------------------

def on_records_created(sender, *, records, **kwargs) -> list:
    """`core.hooks.records_created`: when the new records' type is matched on creation and their missions hold
    an active rule of it, have the worker match them once the creating transaction commits (in chunks of
    `CHUNK` ids). Adds no release (returns [])."""
    entry = filterable(sender) if isinstance(sender, type) else None
    if entry is None or not entry.on_create or not records:
        return []
    if not rules_for(entry.label, {record.mission_id for record in records}).exists():
        return []
    ids = [str(record.pk) for record in records]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        transaction.on_commit(lambda chunk=chunk: _enqueue(entry.label, chunk))
    return []


def _enqueue(label: str, ids: list[str]) -> None:
    try:
        match_new_records.enqueue(label, ids)
    except Exception:  # the records are kept; only this rule check is lost, and said so
        logger.exception("could not queue the alert rules' matching of %d %s", len(ids), label)


@background_task(max_attempts=3)
def match_new_records(record_type: str, ids: list[str]) -> dict:
    """The worker's task: match new records (by id) of a record type against the rules (`records_ready`)."""
    entry = filterable(record_type)
    if entry is None:
        return {"fired": 0}
    records = entry.model.objects.filter(pk__in=ids).only("pk", "mission_id")
    with transaction.atomic():
        return {"fired": records_ready(entry.model, records)}


def on_record_read(sender, **kwargs) -> None:
    """A receiver for a record type's "ready" signal that names its record (`alert=`, or `record=`): match it
    (alerts: `alerts.hooks.alert_read`, after the reading set its priority and place)."""
    record = kwargs.get("record") or kwargs.get("alert")
    if record is not None:
        records_ready(type(record), [record])
