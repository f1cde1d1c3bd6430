"""SignInEventFilter: the filters of the sign-ins page (user name, outcome, period)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import SignInOutcome
from .models import SignInEvent


class IPAddressFilter(django_filters.CharFilter):
    """An IP address; anything else is a form error, never a query (PostgreSQL's inet column refuses it)."""

    field_class = forms.GenericIPAddressField


class SignInEventForm(forms.Form):
    """The filter form: a period whose start is after its end is a mistake named on `until`."""

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period is before its start."))
        return cleaned


class SignInEventFilter(django_filters.FilterSet):
    username = django_filters.CharFilter(label=_("User name"), lookup_expr="icontains")
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=SignInOutcome.choices)
    ip_address = IPAddressFilter(label=_("Address"), lookup_expr="exact")
    since = django_filters.DateFilter(label=_("From (date)"), field_name="time", lookup_expr="date__gte")
    until = django_filters.DateFilter(label=_("Until (date)"), field_name="time", lookup_expr="date__lte")

    class Meta:
        model = SignInEvent
        fields = ["username", "outcome", "ip_address", "since", "until"]
        form = SignInEventForm
