"""Names shared across PeaceOps: classification levels, organisation types, roles, change actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Classification(models.TextChoices):
    """UN information sensitivity levels (ST/SGB/2007/6), lowest first."""

    PUBLIC = "PUBLIC", _("Public")
    CONFIDENTIAL = "CONFIDENTIAL", _("Confidential")
    STRICTLY_CONFIDENTIAL = "STRICTLY_CONFIDENTIAL", _("Strictly confidential")


class OrganisationType(models.TextChoices):
    """What kind of body an organisation is."""

    UN_COMPONENT = "un_component", _("UN mission component")
    MILITARY_PARTNER = "military_partner", _("Military partner")
    POLICE = "police", _("Police")
    REGIONAL_ORGANISATION = "regional_organisation", _("Regional organisation")
    UN_AGENCY = "un_agency", _("UN agency")
    NGO = "ngo", _("Non-governmental organisation")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")


class Role(models.TextChoices):
    """What a member of an organisation may do in a mission."""

    VIEWER = "viewer", _("Viewer")
    REPORTER = "reporter", _("Reporter")
    ANALYST = "analyst", _("Analyst")
    WATCH_OFFICER = "watch_officer", _("Watch officer")
    MISSION_ADMIN = "mission_admin", _("Mission administrator")
    STRICTLY_CONFIDENTIAL_READER = "strictly_confidential_reader", _("Strictly confidential reader")
    CONDUCT_OFFICER = "conduct_officer", _("Conduct and discipline officer")


# What each role may do is data: core.RolePermission, seeded from core.permissions.DEFAULT_ROLE_PERMISSIONS
# and edited by superusers. Check with AccessProfile.has_perm(mission_id, code), never by role name.
#: The roles that could report and edit before permissions became data (kept for old imports only).
REPORTING_ROLES = frozenset({Role.REPORTER, Role.ANALYST, Role.WATCH_OFFICER, Role.MISSION_ADMIN})
#: The roles that could delete before permissions became data (kept for old imports only).
DELETING_ROLES = frozenset({Role.WATCH_OFFICER, Role.MISSION_ADMIN})
#: The roles that could read STRICTLY CONFIDENTIAL before permissions became data (kept for old imports only).
STRICTLY_CONFIDENTIAL_ROLES = frozenset({Role.STRICTLY_CONFIDENTIAL_READER, Role.MISSION_ADMIN})


class ChangeAction(models.TextChoices):
    """What a change-log entry records."""

    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")


class ConflictState(models.TextChoices):
    """Where an edit conflict stands: waiting for a choice, applied, or set aside."""

    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    DISCARDED = "discarded", _("Discarded")


class TokenScope(models.TextChoices):
    """What an API bearer token may be used for. Scopes only narrow a token: the owner's roles still decide
    which records it reads and changes. `admin` stands for every scope. A router declares its scopes with
    `peaceops.api.scopes.scoped(...)`; a new resource adds its `<resource>:read`/`<resource>:write` here."""

    INCIDENTS_READ = "incidents:read", _("Read incidents")
    INCIDENTS_WRITE = "incidents:write", _("Create, change and delete incidents")
    GEO_READ = "geo:read", _("Read admin areas and the gazetteer")
    PARTNERS_FEED = "partners:feed", _("Read the partner feed")
    SITES_READ = "sites:read", _("Read deployment sites")
    SITES_WRITE = "sites:write", _("Create, change and delete deployment sites")
    ALERTS_READ = "alerts:read", _("Read community alerts and focal points")
    ALERTS_WRITE = "alerts:write", _("Raise, change and delete community alerts and focal points")
    FORCE_READ = "force:read", _("Read contingents, units and contributions of uniformed personnel")
    FORCE_WRITE = "force:write", _("Create, change and delete contingents, units and contributions")
    OPERATIONS_READ = "operations:read", _("Read patrols, their routes and tracks, and checkpoint shifts")
    OPERATIONS_WRITE = "operations:write", _("Plan, run and report patrols, send their positions, log checkpoint "
                                             "shifts")
    CONDUCT_READ = "conduct:read", _("Read the conduct cases one is assigned to, conduct statistics and prevention "
                                     "records")
    CONDUCT_WRITE = "conduct:write", _("Record, refer and step conduct cases, and keep prevention records")
    ADMIN = "admin", _("Everything the owner may do")


#: The scopes of a token created without `--scope`: the everyday reading and reporting of incidents.
DEFAULT_TOKEN_SCOPES = (TokenScope.INCIDENTS_READ, TokenScope.INCIDENTS_WRITE, TokenScope.GEO_READ)


class LinkKind(models.TextChoices):
    """What one record is to another it is linked to (`core.kit.links`)."""

    SOURCE = "source", _("Source")
    RELATED = "related", _("Related")


class SourceReliability(models.TextChoices):
    """How reliable the source is (the admiralty code's letter)."""

    A = "A", _("A - completely reliable")
    B = "B", _("B - usually reliable")
    C = "C", _("C - fairly reliable")
    D = "D", _("D - not usually reliable")
    E = "E", _("E - unreliable")
    F = "F", _("F - reliability cannot be judged")


class InformationCredibility(models.TextChoices):
    """How credible the information is (the admiralty code's digit)."""

    CONFIRMED = "1", _("1 - confirmed by other sources")
    PROBABLY_TRUE = "2", _("2 - probably true")
    POSSIBLY_TRUE = "3", _("3 - possibly true")
    DOUBTFUL = "4", _("4 - doubtful")
    IMPROBABLE = "5", _("5 - improbable")
    CANNOT_BE_JUDGED = "6", _("6 - truth cannot be judged")
