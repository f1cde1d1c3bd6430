"""What changed: a region's period against the previous period of the same length.

The region is what the filters make of the visible incidents (an admin area id, a bbox, a mission, a
category...); the period is [since, until). The answer gives the change in incidents and fatalities (best
estimates), the categories that rose and fell most, the admin areas (municipality, else region) with incidents
now and none in the previous period, and the hotspots (Gi*, hotspots.py) of this period that were not hotspots
in the previous one; plus a short plain-language summary of the same facts.
"""

import datetime as dt
from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peaceops.geo.models import AdminArea
from peaceops.incidents.filters import FilterError
from peaceops.incidents.models import Category

from .hotspots import counts_of_cells, significant

TOP = 5
MAX_DAYS = 366


def check_period(since: dt.datetime, until: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    if until <= since:
        raise FilterError("until", "must be after since")
    if until - since > dt.timedelta(days=MAX_DAYS):
        raise FilterError("since", f"the period may be at most {MAX_DAYS} days long")
    return since, until


class _Period:
    """The incidents of one period: counts, fatalities, per category, per area, per H3 cell."""

    def __init__(self):
        self.count = 0
        self.fatalities = 0
        self.categories: Counter = Counter()
        self.areas: Counter = Counter()
        self.cells: list[int] = []


def _read(queryset, previous_start, since, until) -> tuple[_Period, _Period]:
    now, before = _Period(), _Period()
    rows = (queryset.filter(occurred_start__gte=previous_start, occurred_start__lt=until).order_by()
            .values_list("occurred_start", "category_id", "admin1_id", "admin2_id", "fatalities_best", "h3_cell"))
    for moment, category, admin1, admin2, fatalities, cell in rows.iterator(chunk_size=5000):
        period = now if moment >= since else before
        period.count += 1
        period.fatalities += fatalities
        period.categories[category] += 1
        if admin2 or admin1:
            period.areas[admin2 or admin1] += 1
        period.cells.append(cell)
    return now, before


def changes(queryset, since: dt.datetime, until: dt.datetime, resolution: int, region: str = "") -> dict:
    """The structured comparison and its summary (see the module docstring)."""
    since, until = check_period(since, until)
    previous_start = since - (until - since)
    now, before = _read(queryset, previous_start, since, until)
    categories = _categories(now.categories, before.categories)
    new_area_ids = [a for a, _n in now.areas.most_common() if not before.areas[a]]
    names = dict(AdminArea.objects.filter(pk__in=new_area_ids).values_list("id", "name"))
    new_areas = [{"id": a, "name": names.get(a, str(a)), "count": now.areas[a]} for a in new_area_ids]
    was_hot = {h["cell"] for h in significant(counts_of_cells(before.cells, resolution))}
    new_hotspots = [h for h in significant(counts_of_cells(now.cells, resolution), occupied=True)
                    if h["cell"] not in was_hot]
    result = {
        "region": region,
        "period": {"since": since, "until": until},
        "previous_period": {"since": previous_start, "until": since},
        "incidents": _change(now.count, before.count),
        "fatalities": _change(now.fatalities, before.fatalities),
        "categories_rose": [c for c in categories if c["change"] > 0][:TOP],
        "categories_fell": sorted((c for c in categories if c["change"] < 0), key=lambda c: c["change"])[:TOP],
        "new_areas": new_areas,
        "new_hotspots": new_hotspots[:TOP],
        "resolution": resolution,
        "total": now.count,
    }
    result["summary"] = summary(result)
    return result


def _change(now: int, before: int) -> dict:
    percent = round(100 * (now - before) / before, 1) if before else None
    return {"now": now, "before": before, "change": now - before, "percent": percent}


def _categories(now: Counter, before: Counter) -> list[dict]:
    keys = set(now) | set(before)
    ids = [k for k in keys if k is not None]
    names = dict(Category.objects.filter(pk__in=ids).values_list("id", "name"))
    rows = [{"id": k, "name": names.get(k, _("Uncategorised")), **_change(now[k], before[k])} for k in keys]
    return sorted(rows, key=lambda c: (-c["change"], c["name"]))


def summary(result: dict) -> str:
    """Two to four plain sentences saying what changed."""
    incidents, fatalities = result["incidents"], result["fatalities"]
    days = (result["period"]["until"] - result["period"]["since"]).days or 1
    where = result["region"] or _("the selected area")
    direction = _("up") if incidents["change"] > 0 else _("down") if incidents["change"] < 0 else _("unchanged")
    parts = [ngettext(
        "%(n)d incident in %(where)s from %(since)s to %(until)s, %(direction)s from %(before)d in the %(days)d "
        "days before",
        "%(n)d incidents in %(where)s from %(since)s to %(until)s, %(direction)s from %(before)d in the %(days)d "
        "days before", incidents["now"]) % {"n": incidents["now"], "where": where, "days": days,
                                           "direction": direction, "before": incidents["before"],
                                           "since": _day(result["period"]["since"]),
                                           "until": _day(result["period"]["until"])}
        + _("; fatalities %(now)d (before: %(before)d).") % fatalities]
    if result["categories_rose"]:
        parts.append(_("Rose most: %s.") % ", ".join(f"{c['name']} (+{c['change']})"
                                                     for c in result["categories_rose"][:3]))
    if result["categories_fell"]:
        parts.append(_("Fell most: %s.") % ", ".join(f"{c['name']} ({c['change']})"
                                                     for c in result["categories_fell"][:3]))
    if result["new_areas"]:
        parts.append(_("Newly affected: %s.") % ", ".join(a["name"] for a in result["new_areas"][:5]))
    if result["new_hotspots"]:
        parts.append(ngettext("%d new hotspot.", "%d new hotspots.", len(result["new_hotspots"]))
                     % len(result["new_hotspots"]))
    return " ".join(parts)


def _day(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment.time() != dt.time() else moment.strftime("%Y-%m-%d")
