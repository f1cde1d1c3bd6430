"""Password policy beyond Django's validators: a password must not contain the user's name nor the name or code
of an organisation or mission the user works for (the first things an attacker tries)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Shorter names (e.g. "UN") would refuse too many good passwords.
MIN_NAME_LENGTH = 3


class NotLikeNamesValidator:
    """Refuse a password that contains the user name, or an organisation's or mission's code or name."""

    def _names(self, user) -> list[tuple[str, str]]:
        names = []
        username = getattr(user, "username", "") or ""
        if username:
            names.append(("user", username))
        if getattr(user, "pk", None):
            memberships = list(user.memberships.select_related("organisation", "mission")
                               .order_by("organisation__code", "mission__code"))
            for m in memberships:
                names += [("organisation", m.organisation.code), ("organisation", m.organisation.name)]
            names += [("mission", m.mission.code) for m in memberships]
        return [(kind, n) for kind, n in names if len(n) >= MIN_NAME_LENGTH]

    def validate(self, password, user=None):
        if user is None:
            return
        folded = password.casefold()
        for kind, name in self._names(user):
            if name.casefold() in folded:
                if kind == "user":
                    raise ValidationError(_("The password must not contain your user name."),
                                          code="password_contains_username")
                raise ValidationError(
                    _("The password must not contain the name of your %(kind)s (%(name)s).")
                    % {"kind": _("organisation") if kind == "organisation" else _("mission"), "name": name},
                    code="password_contains_organisation",
                )

    def get_help_text(self):
        return _("Your password must not contain your user name, nor the name of your organisation or mission.")
