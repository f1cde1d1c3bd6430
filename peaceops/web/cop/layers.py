"""The COP's record layers: every layer registered with `core.kit.layers` that the user may see in the current
mission (sites, ...), offered as a toggle with a legend entry, and served as GeoJSON at /cop/layers/<key>.geojson.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from peaceops.core.kit.layers import layer, registered_layers
from peaceops.web.mission import current_mission


def cop_layers(user, mission) -> list[dict]:
    """The layers the COP page offers the user (for its template and script)."""
    return [{"key": lay.key, "label": str(lay.label), "colour": lay.colour, "symbol": lay.symbol,
             "legend": str(lay.model._meta.verbose_name).capitalize(),  # what one symbol stands for
             "url": reverse("cop-layer", args=[lay.key])}
            for lay in registered_layers() if lay.may_see(user, mission.pk)]


@login_required
@require_GET
def layer_geojson(request, key):
    """One layer's records in the current mission that the user may see (an empty collection when none)."""
    found = layer(key)
    if found is None:
        raise Http404("no such layer")
    mission = current_mission(request)
    features = [] if mission is None or not found.may_see(request.user, mission.pk) else found.features(
        request.user, mission.pk)
    return JsonResponse({"type": "FeatureCollection", "layer": key, "features": features})
