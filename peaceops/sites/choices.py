"""Site types and the kinds of units present at a site. A temporary checkpoint (a vehicle checkpoint set up for
days or weeks) is open between the site's opening and closing dates."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteType(models.TextChoices):
    MISSION_HQ = "mission_hq", _("Mission headquarters")
    SECTOR_HQ = "sector_hq", _("Sector headquarters")
    TEAM_SITE = "team_site", _("Team site")
    COMPANY_OPERATING_BASE = "cob", _("Company operating base")
    POLICE_STATION = "police_station", _("Police station")
    CHECKPOINT = "checkpoint", _("Checkpoint")
    TEMPORARY_CHECKPOINT = "temporary_checkpoint", _("Temporary checkpoint")
    CAMP = "camp", _("Camp")


class UnitType(models.TextChoices):
    INFANTRY = "infantry", _("Infantry")
    ENGINEERING = "engineering", _("Engineering")
    MEDICAL = "medical", _("Medical")
    SIGNALS = "signals", _("Signals")
    AVIATION = "aviation", _("Aviation")
    RIVERINE = "riverine", _("Riverine")
    MAINTENANCE = "maintenance", _("Maintenance")
    TRANSPORT = "transport", _("Transport")
    POLICE = "police", _("Police")
    MILITARY_OBSERVERS = "military_observers", _("Military observers")
