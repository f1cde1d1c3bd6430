"""The one door for changing community alerts and focal points: the kit's record service, with the alerts' own
rules (a reference code for each alert, anonymous positions coarsened before storage) and the workflow of the
watch (claim, assign, verify, task a response, close, dismiss, mark as a misconduct allegation).

Two ways in:
- `AlertService().create(...)`, `update`, `delete`: staff and partner systems, with the kit's permission checks
  (`alerts.alert.add`...);
- `AlertService().receive(mission, data, ...)`: the intake of the public page and of the SMS gateways, where
  nobody is signed in: no permission check, the mission's alert settings name the owning organisation.

Every workflow step requires `alerts.alert.triage` in the alert's mission, writes one change-log entry (with
the step's reason) and sends `hooks.alert_status_changed` inside the transaction (the reporter's status
messages, alert rules and escalation clocks listen)."""

import math
import secrets
import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peaceops.core.access import holders_of
from peaceops.core.assignments import assign
from peaceops.core.changelog import log_change, snapshot
from peaceops.core.choices import ChangeAction, OrganisationType
from peaceops.core.kit.errors import FieldError
from peaceops.core.kit.mixins import locate
from peaceops.core.kit.permissions import has_perm
from peaceops.core.kit.services import RecordService
from peaceops.core.models import Organisation
from peaceops.core.participation import participants
from peaceops.core.services import PermissionDenied

from .choices import AlertStatus, DismissReason
from .hooks import alert_status_changed, response_tasked
from .models import Alert, AlertResponse, AlertSettings, FocalPoint

#: The letters of reference codes: no 0/O, 1/I/L, so a code read over the phone is not misheard.
REFERENCE_LETTERS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#: Who receives misconduct allegations (assigned to each alert marked as one).
CONDUCT = "alerts.alert.conduct"
#: One metre in degrees of latitude.
_DEGREES_PER_METRE = 1 / 111_320


def new_reference() -> str:
    """A fresh reference code: six letters in two groups, e.g. `K7Q-42X` (31^6, about 890 million codes)."""
    letters = "".join(secrets.choice(REFERENCE_LETTERS) for _ in range(6))
    return f"{letters[:3]}-{letters[3:]}"


def normal_reference(text: str) -> str:
    """A reference code as typed (any case, without the dash, with spaces) in its stored form."""
    letters = "".join(ch for ch in str(text).upper() if ch.isalnum())
    return f"{letters[:3]}-{letters[3:]}" if len(letters) == 6 else str(text).strip().upper()


def coarsen(lon: float, lat: float, metres: int) -> tuple[float, float]:
    """The centre of the grid square of side `metres` that holds the point: every point within the square
    gives the same answer, so the exact position cannot be recovered from it."""
    step_lat = metres * _DEGREES_PER_METRE
    lat_c = (math.floor(lat / step_lat) + 0.5) * step_lat
    step_lon = step_lat / max(math.cos(math.radians(lat_c)), 0.01)
    lon_c = (math.floor(lon / step_lon) + 0.5) * step_lon
    return round(max(-180.0, min(180.0, lon_c)), 6), round(max(-90.0, min(90.0, lat_c)), 6)


def settings_for(mission) -> AlertSettings:
    """The mission's alert settings (made with the defaults on first use)."""
    found, _created = AlertSettings.objects.get_or_create(mission=mission)
    return found


def intake_owner(mission) -> Organisation:
    """The organisation that owns alerts nobody signed in raised: the settings' `owner`, else the mission's
    first UN mission component (by code), else its first UN agency, else its first organisation."""
    return _intake_of(mission, participants(mission))[0]


def _intake_of(mission, taking_part) -> tuple[Organisation, dict]:
    """(the intake owner, the participating organisations by code) from the mission's participants."""
    organisations = {o.code: o for o in taking_part}
    chosen = settings_for(mission).owner
    if chosen is not None:
        return chosen, organisations
    rank = {OrganisationType.UN_COMPONENT: 0, OrganisationType.UN_AGENCY: 1}
    ranked = sorted(organisations.values(), key=lambda o: (rank.get(o.type, 2), o.code))
    if not ranked:
        raise FieldError("owner", _("must be named: no organisation takes part in %(mission)s"), mission=mission.code)
    return ranked[0], organisations


#: How long the intake keeps a mission's owner and organisations in memory: a burst of SMS does not read them
#: again for each message. Saving settings, a participation, an organisation or a mission in this process
#: forgets them at once (`forget_intake`, connected in AlertsConfig.ready); other processes follow within this.
INTAKE_MEMORY_SECONDS = 30.0
_intake_memory: dict[int, tuple[float, Organisation, dict]] = {}


def intake_context(mission) -> tuple[Organisation, dict]:
    """(the intake owner, the participating organisations by code) of the mission, kept for
    `INTAKE_MEMORY_SECONDS`."""
    now = time.monotonic()
    kept = _intake_memory.get(mission.pk)
    if kept is not None and now - kept[0] < INTAKE_MEMORY_SECONDS:
        return kept[1], kept[2]
    owner, organisations = _intake_of(mission, participants(mission))
    _intake_memory[mission.pk] = (now, owner, organisations)
    return owner, organisations


def forget_intake(*args, **kwargs) -> None:
    """Forget every mission's intake context (a receiver of the saves and deletes that change it)."""
    _intake_memory.clear()


class AlertService(RecordService):
    """Community alerts: the kit's writes, the intake and the watch's workflow."""

    model = Alert
    fields = ("text", "channel", "language", "place_text", "category", "incident_category", "severity", "lon",
              "lat", "location_precision", "location_name", "anonymous", "reporter_name", "reporter_phone",
              "received_at")

    # --- the kit's hooks ------------------------------------------------------------------------------------
    def validate(self, data: dict, mission, organisations: dict) -> dict:
        data = dict(data)
        if data.get("received_at") in (None, ""):
            data["received_at"] = timezone.now()
        return super().validate(data, mission, organisations)

    def clean(self, data: dict, mission) -> dict:
        data["coarsened_m"] = None
        if data["anonymous"]:
            data["reporter_name"] = data["reporter_phone"] = ""
            if data["lon"] is not None:
                metres = settings_for(mission).anonymous_coarsening_m
                data["lon"], data["lat"] = coarsen(data["lon"], data["lat"], metres)
                data["coarsened_m"] = metres
                if data["location_precision"] == "exact":
                    data["location_precision"] = "near"
        return data

    def new_record(self, *, mission, owner, user):
        record = super().new_record(mission=mission, owner=owner, user=user)
        record.reference = self._unused_reference()
        return record

    def apply(self, records, datas) -> None:
        super().apply(records, datas)
        for record, data in zip(records, datas, strict=True):
            record.coarsened_m = data.get("coarsened_m")
            for name, value in self._links.items():  # the intake's focal point and message (`receive`)
                setattr(record, name, value)

    #: What `receive` links the new alert to (focal point, its trust, the inbound message): set only for its call.
    _links: dict = {}

    @staticmethod
    def _unused_reference() -> str:
        while True:
            reference = new_reference()
            if not Alert.objects.filter(reference=reference).exists():
                return reference

    # --- intake: nobody signed in ----------------------------------------------------------------------------
    def receive(self, mission, data: dict, *, focal_point: FocalPoint | None = None, inbound_message=None) -> Alert:
        """Store an alert from the public page, an SMS or another intake nobody is signed in to: validated like
        any alert (a bad field raises `FieldError`), owned by the mission's intake organisation, with the focal
        point's trust when it came from one. The caller holds the transaction it belongs to (if any)."""
        owner, organisations = intake_context(mission)
        links = {}
        if focal_point is not None:
            links.update(focal_point=focal_point, trust=focal_point.trust)
        if inbound_message is not None:
            links["inbound_message"] = inbound_message
        self._links = links  # stored with the alert's insert, so its creation entry names them
        try:
            return self.create_many([data], acting_user=None, mission=mission, owner=owner, system=True,
                                    organisations=organisations).created[0]
        finally:
            self._links = {}

    def owner_for(self, user, mission, owner) -> Organisation:
        if user is None and owner is not None:  # the intake names its owner
            return owner
        return super().owner_for(user, mission, owner)

    # --- the watch's workflow ---------------------------------------------------------------------------------
    def may_triage(self, user, alert) -> bool:
        return has_perm(user, alert.mission_id, "alerts.alert.triage")

    def _require_triage(self, user, alert) -> None:
        if not self.may_triage(user, alert):
            raise PermissionDenied(f"{user} lacks alerts.alert.triage in this mission",
                                   _("You may not triage community alerts in this mission."))

    def step(self, alert, *, acting_user, reason: str = "", system: bool = False, **changes) -> Alert:
        """Set workflow fields of an alert (status, claim, assignment, times, reading results...) with one
        change-log entry; `system` (the worker: reading, priority, clocks) skips the permission check. A step
        that changes nothing writes nothing. Sends `alert_status_changed` when the status changed."""
        if not system:
            self._require_triage(acting_user, alert)
        with transaction.atomic():
            locked = Alert.objects.select_for_update().get(pk=alert.pk)
            before = self.snapshot(locked)
            previous = locked.status
            for name, value in changes.items():
                setattr(locked, name, value)
            if {"lon", "lat", "location_precision"} & set(changes):
                locate([locked])
            if locked.status != previous:
                locked.status_changed_at = timezone.now()
            after = self.snapshot(locked)
            if before == after:
                return locked
            locked.updated_at = timezone.now()
            locked.updated_by = acting_user if getattr(acting_user, "pk", None) else None
            locked.save()
            log_change(action=ChangeAction.UPDATE, obj=locked, acting_user=acting_user, before=before,
                       after=self.snapshot(locked), reason=reason)
            if locked.status != previous:
                alert_status_changed.send(sender=Alert, alert=locked, previous=previous, acting_user=acting_user,
                                          reason=reason)
        return locked

    def claim(self, alert, *, acting_user) -> Alert:
        """The officer takes the alert: it is acknowledged (its first claim stops the acknowledge clock)."""
        now = timezone.now()
        status = AlertStatus.CLAIMED if alert.status == AlertStatus.NEW else alert.status
        return self.step(alert, acting_user=acting_user, reason="claimed", claimed_by=acting_user,
                         acknowledged_at=alert.acknowledged_at or now, status=status)

    def assign(self, alert, *, acting_user, to_user) -> Alert:
        """Give the alert to another officer of the mission's watch (who must be able to triage it)."""
        if to_user is not None and not has_perm(to_user, alert.mission_id, "alerts.alert.triage"):
            raise FieldError("assigned_to", _("%(user)s does not triage alerts in this mission"),
                             user=to_user.get_username())
        now = timezone.now()
        status = AlertStatus.CLAIMED if alert.status == AlertStatus.NEW else alert.status
        return self.step(alert, acting_user=acting_user, reason="assigned", assigned_to=to_user,
                         acknowledged_at=alert.acknowledged_at or now, status=status)

    def verify(self, alert, *, acting_user, reason: str = "") -> Alert:
        """The alert is confirmed (into an incident, or as a source of one: the face links them). An alert already
        acted on (a patrol sent before the incident was reported) stays acted on: its status never goes back, nor
        does what the reporter reads of it."""
        status = alert.status if alert.status == AlertStatus.ACTED_ON else AlertStatus.VERIFIED
        return self.step(alert, acting_user=acting_user, reason=reason or "verified", status=status,
                         acknowledged_at=alert.acknowledged_at or timezone.now())

    def dismiss(self, alert, *, acting_user, why: str, note: str = "") -> Alert:
        """Set the alert aside: a duplicate, a hoax, outside the mandate, or another reason (then a note)."""
        if why not in DismissReason.values:
            raise FieldError("dismiss_reason", _("must be one of %(allowed)s"), allowed=", ".join(DismissReason.values))
        if why == DismissReason.OTHER and not note.strip():
            raise FieldError("status_note", _("is required when the reason is “other”"))
        now = timezone.now()
        return self.step(alert, acting_user=acting_user, reason=f"dismissed: {why}", status=AlertStatus.DISMISSED,
                         dismiss_reason=why, status_note=note.strip(), closed_at=now,
                         acknowledged_at=alert.acknowledged_at or now)

    def close(self, alert, *, acting_user, note: str = "") -> Alert:
        """The alert is dealt with."""
        now = timezone.now()
        return self.step(alert, acting_user=acting_user, reason="closed", status=AlertStatus.CLOSED,
                         status_note=note.strip() or alert.status_note, closed_at=now,
                         acknowledged_at=alert.acknowledged_at or now)

    def mark_misconduct(self, alert, *, acting_user, reason: str) -> Alert:
        """The alert alleges misconduct by mission personnel: it leaves every ordinary view (the alerts' rows
        marked `misconduct` are need-to-know, `core.visibility`) for the need-to-know queue of those who receive
        allegations: in the same transaction it is assigned (`core.assignments`) to every user holding
        `alerts.alert.conduct` in the mission. Whoever marked it no longer reads it unless they hold it too."""
        if not reason.strip():
            raise FieldError("reason", _("is required"))
        self._require_triage(acting_user, alert)
        with transaction.atomic():
            marked = self.step(alert, acting_user=acting_user, reason=f"misconduct allegation: {reason.strip()}",
                               status=AlertStatus.MISCONDUCT, misconduct=True,
                               acknowledged_at=alert.acknowledged_at or timezone.now())
            for receiver in holders_of(CONDUCT, alert.mission_id):
                assign(marked, user=receiver, acting_user=acting_user, system=True,
                       reason=f"misconduct allegation: receives allegations ({CONDUCT})")
        return marked

    def task(self, alert, *, acting_user, kind: str, unit: str = "", site=None, organisation=None,
             note: str = "") -> AlertResponse:
        """Record a response (a patrol dispatched, a partner informed): the alert is acted on, and its first
        response stops the response clock."""
        self._require_triage(acting_user, alert)
        response = AlertResponse(alert=alert, kind=kind, unit=unit.strip(), site=site, organisation=organisation,
                                 note=note.strip(), tasked_at=timezone.now(),
                                 tasked_by=acting_user if getattr(acting_user, "pk", None) else None)
        for name in ("kind", "unit", "note"):
            field = AlertResponse._meta.get_field(name)
            try:
                field.clean(getattr(response, name), response)
            except Exception as error:  # noqa: BLE001 - a field's own validation error
                raise FieldError(name, str(getattr(error, "messages", [error])[0])) from None
        if site is not None and site.mission_id != alert.mission_id:
            raise FieldError("site", _("is not a site of this mission"))
        with transaction.atomic():
            response.save()
            self.step(alert, acting_user=acting_user, reason=f"response: {kind}",
                      status=AlertStatus.ACTED_ON if alert.status in (AlertStatus.NEW, AlertStatus.CLAIMED,
                                                                      AlertStatus.VERIFIED) else alert.status,
                      first_response_at=alert.first_response_at or response.tasked_at,
                      acknowledged_at=alert.acknowledged_at or response.tasked_at)
            response_tasked.send(sender=AlertResponse, response=response, acting_user=acting_user)
        return response

    def response_done(self, response: AlertResponse, *, acting_user) -> AlertResponse:
        """The response was carried out (the patrol is back, the partner answered): its `done_at` is set once,
        with a change-log entry of the response."""
        self._require_triage(acting_user, response.alert)
        if response.done_at is not None:
            return response
        with transaction.atomic():
            before = snapshot(response)
            response.done_at = timezone.now()
            response.save(update_fields=["done_at"])
            log_change(action=ChangeAction.UPDATE, obj=response, acting_user=acting_user, before=before,
                       after=snapshot(response), reason="response done", publish=False)
        return response


class FocalPointService(RecordService):
    """Registered community focal points."""

    model = FocalPoint
    fields = ("name", "phone", "village", "languages", "trust", "active")

    def clean(self, data: dict, mission) -> dict:
        from .choices import AlertLanguage

        codes = [c.strip() for c in data["languages"].split(",") if c.strip()]
        unknown = [c for c in codes if c not in AlertLanguage.values]
        if unknown:
            raise FieldError("languages", _("must be language codes of %(allowed)s (not %(value)s)"),
                             allowed=", ".join(AlertLanguage.values), value=unknown[0])
        data["languages"] = ", ".join(codes)
        data["phone"] = "".join(ch for ch in data["phone"] if ch.isdigit() or ch == "+")
        return data


def focal_point_for(mission, phone: str) -> FocalPoint | None:
    """The active focal point of the mission with this phone number (digits compared), if any."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if not digits:
        return None
    return (FocalPoint.objects.filter(mission=mission, active=True, phone__in=[digits, f"+{digits}"])
            .order_by("-trust", "pk").first())
