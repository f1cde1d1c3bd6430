"""The COP's record layers: every layer registered with `core.kit.layers` that the user may see in the current
mission (sites, ...), offered as a toggle with a legend entry, and served as GeoJSON at /cop/layers/<key>.geojson.
"""

import datetime as dt

import orjson
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_GET

from peaceops.core.kit.layers import TimeWindow, layer, registered_layers
from peaceops.web.mission import current_mission


def cop_layers(user, mission) -> list[dict]:
    """The layers the COP page offers the user (for its template and script)."""
    return [{"key": lay.key, "label": str(lay.label), "colour": lay.colour, "symbol": lay.symbol,
             "legend": str(lay.legend or lay.model._meta.verbose_name).capitalize(),  # what one symbol stands for
             "timed": bool(lay.time or lay.select or lay.build), "url": reverse("cop-layer", args=[lay.key]),
             "shown_at_start": lay.shown_at_start}
            for lay in registered_layers() if lay.may_see(user, mission.pk)]


def _moment(value: str) -> dt.datetime | None:
    """An ISO date (midnight UTC) or date-time (UTC when no zone is given), as the slider sends; None when not."""
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            parsed = None if day is None else dt.datetime.combine(day, dt.time())
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def time_window(query) -> TimeWindow | None:
    """The slider's window from `since` and `until` (the incidents' names: since inclusive, until exclusive);
    None when one of them is given but is not a date."""
    ends = {}
    for name in ("since", "until"):
        value = query.get(name, "").strip()
        ends[name] = _moment(value) if value else None
        if value and ends[name] is None:
            return None
    return TimeWindow(**ends)


@login_required
@require_GET
def layer_geojson(request, key):
    """One layer's records in the current mission that the user may see, within the time slider's window (an
    empty collection when none)."""
    found = layer(key)
    if found is None:
        raise Http404("no such layer")
    window = time_window(request.GET)
    if window is None:
        return JsonResponse({"message": "since and until must be dates, e.g. 2026-03-01", "field": "since"},
                            status=400)
    mission = current_mission(request)
    features = [] if mission is None or not found.may_see(request.user, mission.pk) else found.features(
        request.user, mission.pk, window)
    return HttpResponse(_json({"type": "FeatureCollection", "layer": key, "features": features}),
                        content_type="application/json")


_DJANGO_JSON = DjangoJSONEncoder()


def _json(value) -> bytes:
    """The value as JSON, written by orjson (several times faster than json on a layer of thousands of features)
    and the same as JsonResponse's: dates, times, decimals and lazy texts go through Django's encoder."""
    return orjson.dumps(value, default=_DJANGO_JSON.default,
                        option=orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS)
