"""The public report form: what a community member tells the mission, and where it happened.

The place is given one of three ways, all without JavaScript except the second:
- a name: the visitor types it and presses "Find"; the server answers the same form with the matching places
  (`found_places`, the gazetteer and the mission's admin areas) as radio buttons, values "gazetteer:<id>" or
  "area:<id>";
- a tap on the small map (only when JavaScript runs: `public-map.js` sets the hidden `lon`/`lat` and chooses
  "map");
- "I don't know" (a name typed but not looked up is kept as the place as written: the reading looks for it).
"""

import re
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from peaceops.core.public import Honeypot
from peaceops.geo.models import AdminArea, Place
from peaceops.geo.search import PlaceHit, find_places

from .choices import AlertCategory

#: Places offered for a name (the best first).
PLACES_OFFERED = 8
PLACE_MAP, PLACE_UNKNOWN = "map", "unknown"
_PLACE_VALUE = re.compile(r"^(gazetteer|area):(\d{1,18})$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{6,30}$")


class PublicReportForm(Honeypot):
    """The fields of a public report, and `website`, the trap for robots (`core.public.Honeypot`)."""

    text = forms.CharField(label=_("What is happening?"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("Write in your own words, in any language."),
                           error_messages={"required": _("Please say what is happening.")})
    category = forms.ChoiceField(label=_("What kind of event is it? (optional)"), required=False,
                                 choices=[("", _("I am not sure"))] + list(AlertCategory.choices))
    place_query = forms.CharField(label=_("Name of the village, town or area"), max_length=200,
                                  required=False)
    place = forms.CharField(required=False, max_length=40)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    anonymous = forms.BooleanField(label=_("Send without my name or phone number (anonymous)"), required=False)
    reporter_name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    reporter_phone = forms.CharField(label=_("Your phone number (optional)"), max_length=40, required=False,
                                     help_text=_("To receive updates by SMS."),
                                     widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Please say what is happening."))
        return text

    def clean_reporter_phone(self):
        phone = self.cleaned_data["reporter_phone"].strip()
        if phone and not (_PHONE.match(phone) and sum(ch.isdigit() for ch in phone) >= 6):
            raise forms.ValidationError(_("Please give a phone number of digits only, e.g. +383 44 123 456."))
        return phone

    def clean_place(self):
        value = self.cleaned_data["place"].strip()
        if value in ("", PLACE_MAP, PLACE_UNKNOWN) or _PLACE_VALUE.match(value):
            return value
        raise forms.ValidationError(_("Please choose one of the places offered."))

    def clean(self):
        data = super().clean()
        if data.get("place") == PLACE_MAP and (data.get("lon") is None or data.get("lat") is None):
            self.add_error("place", _("Please tap the map where it happens, or choose another way."))
        if data.get("place", "").startswith(("gazetteer:", "area:")) and self.mission is not None:
            if chosen_place(data["place"], self.mission, "en") is None:
                self.add_error("place", _("Please choose one of the places offered."))
        return data

    def __init__(self, *args, mission=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.mission = mission


@dataclass(frozen=True)
class ChosenPlace:
    """A place picked from those offered: the point, its name and how precise it is."""

    lon: float
    lat: float
    name: str
    precision: str


def found_places(query: str, mission, language: str) -> list[PlaceHit]:
    """Places whose name matches what the visitor typed: the gazetteer and the mission's admin areas (never
    the mission's own named places, which are not public)."""
    return find_places(query, missions=[mission], language=language, limit=PLACES_OFFERED,
                       sources=["gazetteer", "area"])


def chosen_place(value: str, mission, language: str) -> ChosenPlace | None:
    """The place a radio value names ("gazetteer:<id>" or "area:<id>" of this mission), or None."""
    match = _PLACE_VALUE.match(value or "")
    if not match:
        return None
    source, pk = match.group(1), int(match.group(2))
    if source == "gazetteer":
        place = Place.objects.filter(pk=pk).first()
        return None if place is None else ChosenPlace(place.lon, place.lat, place.name, "near")
    area = AdminArea.objects.defer("geometry").filter(pk=pk, mission=mission).first()
    if area is None:
        return None
    return ChosenPlace(area.centroid_lon, area.centroid_lat, area.name_in(language),
                       "admin2" if area.level >= 2 else "admin1")


def alert_data(form: PublicReportForm, mission, language: str) -> dict:
    """What `AlertService.receive` stores from a valid form (name and phone only when not anonymous: the
    service clears them anyway, and coarsens an anonymous position before anything is written)."""
    data = form.cleaned_data
    stored = {"text": data["text"], "channel": "web", "language": language, "category": data["category"] or "",
              "anonymous": bool(data["anonymous"]), "place_text": data["place_query"].strip()[:300]}
    if not data["anonymous"]:
        stored.update(reporter_name=data["reporter_name"].strip(), reporter_phone=data["reporter_phone"])
    place = data["place"]
    if place == PLACE_MAP:
        stored.update(lon=data["lon"], lat=data["lat"], location_precision="exact")
    elif place and place != PLACE_UNKNOWN:
        chosen = chosen_place(place, mission, language)
        stored.update(lon=chosen.lon, lat=chosen.lat, location_precision=chosen.precision,
                      location_name=chosen.name[:300])
        stored["place_text"] = stored["place_text"] or chosen.name[:300]
    return stored
