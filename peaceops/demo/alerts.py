"""The demo mission's community alerts: three focal points in villages of the north, and a morning's alerts in
English, Albanian and Serbian (Latin and Cyrillic), as they reach the watch: by SMS and through the public page,
some already claimed, verified or acted on, the newest still waiting. Written through the alert service and read
as the worker reads them. Idempotent: a mission that has alerts gets none again."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

#: Focal points: name, phone (fictitious numbers), village, languages, trust.
FOCAL_POINTS = [
    ("Arta Krasniqi", "+38344100101", "Vushtrri", "sq, en", 3),
    ("Milan Jovanović", "+38344100202", "Zvečan", "sr-latn, sr", 3),
    ("Besnik Hoxha", "+38344100303", "Skenderaj", "sq", 2),
]


@dataclass(frozen=True)
class DemoAlert:
    minutes_ago: int
    channel: str
    text: str
    phone: str = ""  # the sender; a focal point's number ranks higher
    anonymous: bool = False
    then: tuple[str, ...] = ()  # what the watch did: claim, verify, patrol, close, dismiss
    language: str = "en"  # the public page's language (an SMS's is read from its words)


ALERTS = [
    DemoAlert(14, "sms", "UZBUNA Zvečan: pucnjava kod škole, ima ranjenih", "+38344100202"),
    DemoAlert(22, "sms", "ALERT Mitrovice e Veriut pushkatim te ura", "+38344555010"),
    DemoAlert(35, "web", "Пуцњава код моста у Северној Митровици, људи беже", anonymous=True, language="sr"),
    DemoAlert(48, "sms", "Zjarr ne shtepi ne Vushtrri, familja jashte", "+38344100101", then=("claim",)),
    DemoAlert(75, "web", "Roadblock with burning tyres on the road to Leposavić", then=("claim", "verify")),
    DemoAlert(110, "sms", "Kercenime ndaj familjes ne Skenderaj", "+38344100303", then=("claim", "patrol")),
    DemoAlert(160, "sms", "Blokada puta kod Zubinog Potoka, kamioni stoje", "+38344555020",
              then=("claim", "patrol", "close")),
    DemoAlert(240, "web", "Demonstration planned tomorrow in Pristina centre", then=("claim", "dismiss")),
]


def ensure_alerts(mission, *, watch_officer, now: dt.datetime | None = None) -> str:
    """The focal points and alerts of the demo (none when the mission has alerts); a line for the summary."""
    from django.db import transaction

    from peaceops.alerts.intake import read_one
    from peaceops.alerts.models import Alert, FocalPoint
    from peaceops.alerts.services import AlertService, FocalPointService, focal_point_for, intake_owner

    if Alert.objects.filter(mission=mission).exists():
        return "community alerts: kept"
    now = now or timezone.now()
    service = AlertService()
    with transaction.atomic():
        owner = intake_owner(mission)
        if not FocalPoint.objects.filter(mission=mission).exists():
            FocalPointService().create_many(
                [{"name": n, "phone": p, "village": v, "languages": lang, "trust": t}
                 for n, p, v, lang, t in FOCAL_POINTS], acting_user=None, mission=mission, owner=owner, system=True)
        for spec in ALERTS:
            received = now - dt.timedelta(minutes=spec.minutes_ago)
            alert = service.receive(mission, {"text": spec.text, "channel": spec.channel, "anonymous": spec.anonymous,
                                              "language": spec.language,
                                              "reporter_phone": spec.phone, "received_at": received},
                                    focal_point=focal_point_for(mission, spec.phone) if spec.phone else None)
            alert = read_one(alert, now=received + dt.timedelta(minutes=1))
            for step in spec.then:
                alert = _act(service, alert, step, watch_officer)
    return f"community alerts: {len(ALERTS)} alerts, {len(FOCAL_POINTS)} focal points"


def _act(service, alert, step: str, officer):
    if step == "claim":
        return service.claim(alert, acting_user=officer)
    if step == "verify":
        return service.verify(alert, acting_user=officer, reason="confirmed by the team site")
    if step == "patrol":
        service.task(alert, acting_user=officer, kind="patrol", unit="Mobile patrol, Mitrovica North")
        return alert.__class__.objects.get(pk=alert.pk)
    if step == "close":
        return service.close(alert, acting_user=officer, note="patrol found the road open again")
    if step == "dismiss":
        return service.dismiss(alert, acting_user=officer, why="outside-mandate",
                               note="a lawful demonstration; police informed")
    raise ValueError(step)
