"""The incidents' rules, the one set their one write path (`batch.write_batch`) checks, for a single write (the
service, `IncidentService`) and an import alike.

`IncidentRules(mission).check(data)` validates one `IncidentData` (its domain rules, `IncidentData.validate`;
the limits of the database columns; its category and releasability against the mission) and gives back what
writing it needs: the category and the organisations it is released to. Every problem is a
`core.kit.errors.FieldError` naming the field: a single write raises it (the API's 422, the form's field
error), an import rejects the row with it (`batch.Mode.raise_errors`).
"""

from django.utils.translation import gettext_lazy as _

from peaceops.core.kit.errors import FieldError
from peaceops.core.models import Organisation
from peaceops.core.participation import participants

from .inputs import IncidentData
from .models import Category, Incident
from .taxonomy import CategoryResolver

#: The largest value an integer column holds.
MAX_INT = 2**31 - 1
#: Text columns whose length the database limits.
LENGTHS = [(name, Incident._meta.get_field(name).max_length)
           for name in ("title", "location_name", "ucdp_id", "acled_id", "external_id")]


class IncidentRules:
    """The rules of one mission's incidents: its categories and the organisations taking part, loaded once."""

    def __init__(self, mission, organisations: dict[str, Organisation] | None = None):
        self.mission = mission
        self.categories = CategoryResolver(mission)
        self.organisations = organisations if organisations is not None else {
            o.code: o for o in participants(mission)}

    def check(self, data: IncidentData) -> tuple[Category | None, list[Organisation]]:
        """Raise FieldError naming the first field that breaks a rule; else (category, released organisations)."""
        data.validate()
        check_limits(data)
        return self.category(data), self.releasable(data)

    def category(self, data: IncidentData) -> Category | None:
        if not data.category_path:
            return None
        category = self.categories.lookup(data.category_path)
        if category is None:
            raise FieldError("category", _("names no category of %(mission)s (%(value)s)"), mission=self.mission.code,
                             value=data.category_path)
        return category

    def releasable(self, data: IncidentData) -> list[Organisation]:
        orgs = []
        for code in data.releasable_to:
            org = self.organisations.get(code)
            if org is None:
                raise FieldError("releasable_to", _("names %(code)s, which takes no part in %(mission)s"), code=code,
                                 mission=self.mission.code)
            orgs.append(org)
        return orgs


def check_limits(data: IncidentData) -> None:
    """Limits of the database columns that `validate` leaves to the storage (lengths, integer range, NUL)."""
    for name, length in LENGTHS:
        value = getattr(data, name)
        if value is not None and len(str(value)) > length:
            raise FieldError(name, _("must be at most %(length)s characters"), length=length)
    if "\x00" in data.title or "\x00" in data.description or "\x00" in data.location_name:
        for name in ("title", "description", "location_name"):
            if "\x00" in getattr(data, name):
                raise FieldError(name, _("must not contain a NUL character"))
    numbers = [n for n in (data.fatalities_low, data.fatalities_best, data.fatalities_high) if n is not None]
    for c in data.casualties:
        numbers += [c.killed_low, c.killed_best, c.killed_high, c.injured_low, c.injured_best, c.injured_high]
    if numbers and max(numbers) > MAX_INT:
        raise FieldError("casualties", _("must not be more than %(max)s"), max=MAX_INT)
    for i, a in enumerate(data.actors):
        if len(a.name.strip()) > 300:
            raise FieldError(f"actors[{i}].name", _("must be at most %(length)s characters"), length=300)
