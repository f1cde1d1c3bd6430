"""The daily situation report as a Word document (python-docx), as missions send their reports."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from ..templatetags.peaceops_names import area_name, category_name


def _marking(document, text: str) -> None:
    """The classification marking at the top and bottom of every page."""
    section = document.sections[0]
    for part in (section.header, section.footer):
        paragraph = part.paragraphs[0]
        paragraph.text = text
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.runs[0].bold = True


def sitrep_document(report, *, language: str, author: str, classification_label: str) -> bytes:
    """The report as .docx bytes: summary, then one table per region listing its incidents."""
    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    _marking(document, classification_label)
    document.add_heading(_("Daily situation report"), level=0)
    document.add_paragraph(
        _("%(mission)s · %(day)s (00:00–24:00 UTC)") % {"mission": report.mission.code, "day": report.day.isoformat()}
    )
    document.add_paragraph(
        ngettext("%(incidents)s incident, %(killed)s killed, %(injured)s injured (best estimates).",
                 "%(incidents)s incidents, %(killed)s killed, %(injured)s injured (best estimates).",
                 report.incidents)
        % {"incidents": report.incidents, "killed": report.fatalities, "injured": report.injured}
    )
    if report.listed < report.incidents:
        document.add_paragraph(_("The first %(listed)s incidents are listed.") % {"listed": report.listed})
    headings = [_("Time (UTC)"), _("Place"), _("Category"), _("Incident"), _("Killed"), _("Injured"),
                _("Classification")]
    for region in report.regions:
        counts = ngettext("%(incidents)s incident, %(killed)s killed, %(injured)s injured",
                          "%(incidents)s incidents, %(killed)s killed, %(injured)s injured", region.incidents)
        document.add_heading(
            _("%(region)s: %(counts)s") % {"region": region.name, "counts": counts % {
                "incidents": region.incidents, "killed": region.fatalities, "injured": region.injured}},
            level=1,
        )
        if not region.listed:
            continue
        table = document.add_table(rows=1, cols=len(headings))
        table.style = "Light Grid Accent 1"
        for cell, heading in zip(table.rows[0].cells, headings, strict=True):
            cell.text = heading
        for incident in region.listed:
            place = incident.location_name or area_name(incident.admin2, language)
            values = [incident.occurred_start.strftime("%H:%M"), place, category_name(incident.category, language),
                      incident.title, str(incident.fatalities_best), str(incident.injured_best),
                      incident.get_classification_display()]
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
    document.add_paragraph(
        _("Prepared with PeaceOps by %(author)s on %(time)s UTC. Lists only the incidents released to the author.")
        % {"author": author, "time": timezone.now().strftime("%Y-%m-%d %H:%M")}
    )
    if report.ledger_head:
        document.add_paragraph(
            _("Ledger head: %(sequence)s:%(hash)s") % {"sequence": report.ledger_head[0], "hash": report.ledger_head[1]}
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
