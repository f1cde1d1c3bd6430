"""The cells of the UN's table of allegations that tell what became of an allegation: the investigation (who
and how many days), the result for the subjects (and so the case's outcome and status), the interim and final
actions; each read into a case's fields and children (`parse_*`) and written back from them (`render_*`), as
`cells` does (what is kept as published, `CellError`).
"""

import re

from ..choices import CaseStatus, Investigator, Outcome
from .cells import SEPARATOR, CellError, counted, lines, still_says, words_key

# --- Investigation (days) -----------------------------------------------------------------------------------
INVESTIGATOR_WORDS = {
    Investigator.OIOS: "UN OIOS",
    Investigator.TCC: "TCC",
    Investigator.TCC_OIOS: "TCC/OIOS",
    Investigator.MISSION: "UN Mission",
    Investigator.REVIEW: "UN Review",
    Investigator.FOR_INFORMATION: "For Information",
    Investigator.OTHER: "Other",
}
_INVESTIGATORS = {words_key(word): value for value, word in INVESTIGATOR_WORDS.items()} | {
    "oios": Investigator.OIOS
}
_NO_DAYS = {"pending", "n/a", ""}


def parse_investigation(text: str) -> dict:
    """ "UN OIOS (744)" -> OIOS, 744 days; "(Pending)" and "(N/A)": no number. Who the table names otherwise
    ("Non-UN", "Host State", "PCC") is `other`; the cell is kept as published."""
    text = (text or "").strip()
    found = re.fullmatch(r"(?P<who>.*?)\s*\((?P<days>[^()]*)\)", text, re.S)
    who, days = (found["who"], found["days"].strip()) if found else (text, "")
    if not days.isdigit() and days.casefold() not in _NO_DAYS:
        raise CellError("Investigation (days)", f"not a number of days, Pending or N/A ({text!r})")
    return {
        "investigator": (_INVESTIGATORS.get(words_key(who), Investigator.OTHER) if who else ""),
        "investigation_days": int(days) if days.isdigit() else None,
        "investigator_published": text,
    }


def render_investigation(investigator: str, days: int | None, published: str) -> str:
    if published and still_says(
        parse_investigation, published, investigator=investigator, investigation_days=days
    ):
        return published
    if not investigator:
        return ""
    waiting = "N/A" if investigator in (Investigator.REVIEW, Investigator.FOR_INFORMATION) else "Pending"
    return f"{INVESTIGATOR_WORDS[investigator]} ({days if days is not None else waiting})"


# --- Result, Interim Action, Final Action -------------------------------------------------------------------
RESULT_WORDS = {
    Outcome.SUBSTANTIATED: "Substantiated",
    Outcome.UNSUBSTANTIATED: "Unsubstantiated",
    Outcome.PENDING: "Pending",
    Outcome.INSUFFICIENT_INFORMATION: "Incomplete",
    Outcome.NOT_APPLICABLE: "N/A",
}
_RESULTS = {word.casefold(): value for value, word in RESULT_WORDS.items()}
#: Which result gives the case its outcome when the subjects' results differ (the first found wins).
OUTCOME_ORDER = (
    Outcome.SUBSTANTIATED,
    Outcome.PENDING,
    Outcome.UNSUBSTANTIATED,
    Outcome.INSUFFICIENT_INFORMATION,
    Outcome.NOT_APPLICABLE,
)


def parse_results(text: str) -> list[dict]:
    """ "Substantiated (Rape) (1)" -> substantiated, detail "Rape", for 1 subject; "Incomplete" is read as
    insufficient information, "N/A" as not applicable."""
    rows = []
    for i, line in enumerate(lines(text)):
        rest, count = counted(line)
        found = re.fullmatch(r"(?P<word>[^(]+?)(?:\s*\((?P<detail>.*)\))?", rest.strip(), re.S)
        outcome = _RESULTS.get(found["word"].casefold()) if found else None
        if outcome is None:
            raise CellError(
                "Result", f"not a result of the table ({line!r}; {', '.join(RESULT_WORDS.values())})"
            )
        rows.append({"position": i, "outcome": outcome, "detail": found["detail"] or "", "count": count})
    return rows


def render_results(rows) -> str:
    return SEPARATOR.join(
        RESULT_WORDS[row["outcome"]]
        + (f" ({row['detail']})" if row["detail"] else "")
        + (f" ({row['count']})" if row["count"] is not None else "")
        for row in sorted(rows, key=lambda row: row["position"])
    )


def outcome_of(results) -> str:
    found = {row["outcome"] for row in results}
    return next((outcome for outcome in OUTCOME_ORDER if outcome in found), "")


def parse_actions(text: str, stage: str, first: int = 0) -> list[dict]:
    """ "UN Repatriation (1)" -> by the UN, "Repatriation", for 1 subject; "NG ..." by the national government;
    "None (1)" by no one said; "UN  (1)" by the UN, no action named."""
    rows = []
    for i, line in enumerate(lines(text), first):
        rest, count = counted(line)
        found = re.fullmatch(r"(?:(?P<by>UN|NG)(?: |$))?(?P<label>.*)", rest, re.S)
        rows.append(
            {
                "position": i,
                "stage": stage,
                "taken_by": found["by"] or "",
                "label": found["label"],
                "count": count,
                "taken_on": None,
            }
        )
    return rows


def render_actions(rows) -> str:
    out = []
    for row in sorted(rows, key=lambda row: row["position"]):
        text = f"{row['taken_by']} {row['label']}" if row["taken_by"] else row["label"]
        out.append(f"{text} ({row['count']})" if row["count"] is not None else text.rstrip())
    return SEPARATOR.join(out)


def status_of(outcome: str, investigator: str, final_actions) -> str:
    """Where a case of the table stands: under investigation while its result is pending (or when it has none
    but an investigator); outcome known while a final action is pending; closed otherwise; received when the
    table says nothing of an investigation."""
    if outcome in ("", Outcome.PENDING):
        return CaseStatus.INVESTIGATION if outcome or investigator else CaseStatus.RECEIVED
    if any(row["label"].casefold().startswith("pending") for row in final_actions):
        return CaseStatus.OUTCOME
    return CaseStatus.CLOSED
