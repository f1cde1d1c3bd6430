"""Community alerts in the record kit's import and export registry (`interop.records`): the generic CSV
(`peaceops export-records alerts.alert --user U --mission M`) and HXL, the Humanitarian Exchange Language
(`--format hxl`): a CSV whose second row tags each column (#event+id, #date+reported, ...), which humanitarian
partners' tools read without a mapping. HXL carries no personal field (the reporter's name and phone), whoever
exports it; the CSV masks them for readers without `messaging.view_phone_numbers`."""

import csv
import datetime as dt

from peaceops.interop.records import RecordFormat, register_format, register_record_type

from .models import Alert
from .services import AlertService, FocalPointService


def hxl_time(value: dt.datetime | None) -> str:
    """A time in UTC as `YYYY-MM-DD HH:MM:SS`: libhxl reads that form exactly, while it swaps the month and day
    of `2026-03-01T14:30:00Z` (as the incidents' HXL export writes it)."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S") if value else ""


#: The HXL columns: (header, hashtag, value of an alert). Codes, numbers and admin area names only: no cell
#: holds text a reporter typed (no formula can reach a spreadsheet through it).
HXL_COLUMNS = (
    ("Reference", "#event+id", lambda a: a.reference),
    ("Reported", "#date+reported", lambda a: hxl_time(a.received_at)),
    ("Region", "#adm1+name", lambda a: a.admin1.name if a.admin1_id else ""),
    ("Municipality", "#adm2+name", lambda a: a.admin2.name if a.admin2_id else ""),
    ("Latitude", "#geo+lat", lambda a: "" if a.lat is None else a.lat),
    ("Longitude", "#geo+lon", lambda a: "" if a.lon is None else a.lon),
    ("Category", "#event+type", lambda a: a.category),
    ("Status", "#status", lambda a: a.status),
    ("Priority", "#priority", lambda a: a.priority_band),
    ("Channel", "#meta+channel", lambda a: a.channel),
)


def write_hxl(records, stream, *, reader=None) -> None:
    """Write `records` (alerts, already limited to what the reader may see) as HXL: a header row, the hashtag
    row, then one row per alert, oldest first. No personal field is among the columns."""
    writer = csv.writer(stream)
    writer.writerow([header for header, _tag, _value in HXL_COLUMNS])
    writer.writerow([tag for _header, tag, _value in HXL_COLUMNS])
    for alert in records.select_related("admin1", "admin2").order_by("received_at", "pk"):
        writer.writerow([value(alert) for _header, _tag, value in HXL_COLUMNS])


def register() -> None:
    """Alerts and focal points in `peaceops export-records` / `import-records`; alerts also as HXL."""
    register_record_type(AlertService())
    register_record_type(FocalPointService())
    register_format(Alert, RecordFormat("hxl", write=write_hxl,
                                        description="HXL (Humanitarian Exchange Language) CSV, export only"))
