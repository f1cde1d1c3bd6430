"""The abstract base of every domain record, and the queryset every read starts from:
`Model.objects.restrict(user, action)`, with `Model.objects.visible_to(user)` meaning action "view".

Who may read a record is `core.visibility.VisibilityRule` (the one rule, in every form the platform needs);
`restrict` applies its row form, and for other actions narrows that to the missions (and owners) where the
user's roles give `<app>.<model>.<action>` (or `_any`, or `_own_org` for their organisations' records). A record
type no role's permission names is visible to no one but superusers (fail closed), and a need-to-know record
type (`need_to_know = True`) to no one without an assignment or a break-glass access (`core.assignments`).

`shared_condition`, `VersionReader` and `RELEASE_EXPIRY_KEY` stay importable from here.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy

from .access import access_profile
from .choices import Classification
from .visibility import RELEASE_EXPIRY_KEY, Standing, VersionReader, VisibilityRule, _RowTerms

__all__ = ["RELEASE_EXPIRY_KEY", "DomainQuerySet", "DomainRecord", "VersionReader", "shared_condition"]


def shared_condition(model, mission_id: int, organisation_ids, *, strictly_confidential: bool) -> Q:
    """The records of `model` in one mission that the given organisations may read (the rule's row form for a
    standing given directly: `peaceops.partners.received.received_by(organisation, mission)` uses it). A
    need-to-know record, or a row marked need-to-know, is received by no organisation (an operator's feed export
    without a reader never carries one)."""
    standing = Standing(mission_id, frozenset(organisation_ids), strictly_confidential)
    if getattr(model, "need_to_know", False):  # read by assignment alone: no organisation receives one
        return Q(pk__in=[])
    condition = VisibilityRule(model)._shared(_RowTerms(model), standing)
    marked = getattr(model, "need_to_know_field", None)
    return condition & Q(**{marked: False}) if marked else condition


class DomainQuerySet(models.QuerySet):
    """Queryset for domain records; `restrict(user, action)` (or `visible_to(user)`) is how read paths start."""

    def visible_to(self, user):
        """The records `user` may see (action "view")."""
        return self.restrict(user, "view")

    def restrict(self, user, action: str = "view"):
        """The records on which `user` may do `action` (see the module docstring)."""
        rule = VisibilityRule(self.model)
        sight = rule.sight(user)
        condition = rule.row_filter(user, sight)
        if condition is False:
            return self.none()
        queryset = self if condition is True else self.filter(condition)
        if action == "view":
            return queryset
        return self._narrowed_to(queryset, user, action, sight)

    def _narrowed_to(self, queryset, user, action: str, sight):
        profile = access_profile(user)
        if profile.superuser:
            return queryset
        allowed = Q(pk__in=[])
        for access in profile.missions.values():
            if access.may(self.model, action) or access.may(self.model, f"{action}_any"):
                allowed |= Q(mission_id=access.mission_id)
            elif access.may(self.model, f"{action}_own_org"):
                allowed |= Q(mission_id=access.mission_id, owner_id__in=list(access.organisation_ids))
        return queryset.filter(allowed)


def labelled(field, label):
    """`field` with a translated label (`verbose_name`) that migrations do not record: forms, tables and pages
    show the label in the reader's language, while the schema stays as it is (Django deconstructs a field from
    the arguments it was built with, and a label is not part of the database)."""
    field.verbose_name = label
    return field


class DomainRecord(models.Model):
    """Fields every domain record carries: identity, mission, ownership, classification, releasability."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mission = models.ForeignKey("core.Mission", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", help_text="Owning organisation",
        db_index=False,
    )
    classification = labelled(models.CharField(
        max_length=24, choices=Classification.choices, default=Classification.PUBLIC
    ), gettext_lazy("Classification"))
    releasable_to = models.ManyToManyField(
        "core.Organisation", blank=True, related_name="+", help_text="Organisations this record is released to"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        db_index=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        db_index=False,
    )

    objects = DomainQuerySet.as_manager()

    #: A need-to-know record type is read only by those assigned to the record (or breaking glass).
    need_to_know = False

    class Meta:
        abstract = True

    def released_organisations(self) -> list:
        """The organisations the record is released to now (records whose releases can expire override this)."""
        return list(self.releasable_to.all())

    def releasability_label(self, *, translated: bool = False) -> str:
        """E.g. "CONFIDENTIAL - releasable to UNMIK, KFOR" (owner first). The marking stays as it is in every
        language (it is the marking itself); `translated` words the rest in the reader's language (pages), else
        it stays English (the API)."""
        marking = str(self.classification).replace("_", " ")
        if self.classification == Classification.PUBLIC:
            return marking
        codes = ", ".join([self.owner.code] + sorted(o.code for o in self.released_organisations()
                                                     if o.pk != self.owner_id))
        if translated:
            return gettext("%(marking)s - releasable to %(organisations)s") % {"marking": marking,
                                                                              "organisations": codes}
        return f"{marking} - releasable to {codes}"
