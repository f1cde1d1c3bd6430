"""The cells of the UN's table of allegations (peaceops/conduct/untable/cells.py and outcomes.py), read and written back, from
cells of the real 2015-2022 table: what each gives a case, what is kept as published, what is refused."""

import datetime as dt

import pytest

from peaceops.conduct.untable import cells, outcomes
from peaceops.conduct.untable.cells import CellError


def test_the_reporting_month_is_the_first_of_the_month_known_to_the_month():
    assert cells.parse_reported("12/2022") == {
        "reported_on": dt.date(2022, 12, 1),
        "reported_precision": "month",
    }
    assert cells.render_reported(dt.date(2022, 3, 1)) == "3/2022"
    assert cells.render_reported(dt.date(2026, 11, 3)) == "11/2026"  # a case recorded to the day
    for bad in ("13/2022", "2022-12", "", "December 2022"):
        with pytest.raises(CellError, match="^Date: not a month and year"):
            cells.parse_reported(bad)


@pytest.mark.parametrize(
    ("text", "start", "start_precision", "end", "end_precision"),
    [
        ("Unspecified / 2012", dt.date(2012, 1, 1), "year", dt.date(2012, 1, 1), "year"),
        ("June / 2012", dt.date(2012, 6, 1), "month", dt.date(2012, 6, 1), "month"),
        ("January / 2017 - December / 2017", dt.date(2017, 1, 1), "month", dt.date(2017, 12, 31), "month"),
        (
            "Unspecified / 2020 - Unspecified / 2021",
            dt.date(2020, 1, 1),
            "year",
            dt.date(2021, 12, 31),
            "year",
        ),
        ("February / 2011 - April / 2011", dt.date(2011, 2, 1), "month", dt.date(2011, 4, 30), "month"),
        (
            "December / 2016 - Unspecified / 2016",
            dt.date(2016, 12, 1),
            "month",
            dt.date(2016, 12, 31),
            "year",
        ),
        ("April / 2016 - Unspecified", dt.date(2016, 4, 1), "month", None, "unknown"),
        ("November / 2019 - November / 2019", dt.date(2019, 11, 1), "month", dt.date(2019, 11, 30), "month"),
        ("Unknown", None, "unknown", None, "unknown"),
    ],
)
def test_the_date_of_the_incident_is_a_time_or_a_range_with_their_precisions(
    text, start, start_precision, end, end_precision
):
    read = cells.parse_incident(text)
    assert read == {
        "incident_from": start,
        "incident_from_precision": start_precision,
        "incident_to": end,
        "incident_to_precision": end_precision,
    }
    assert cells.render_incident(start, start_precision, end, end_precision) == text
    if end is not None and start is not None:
        assert end >= start  # the end of a range is the last day of its period: never before its start


def test_a_date_of_incident_the_table_does_not_write_is_refused():
    for bad in ("Junly / 2012", "June 2012", "2012"):
        with pytest.raises(CellError, match="^Date of incident: not a month and year"):
            cells.parse_incident(bad)


@pytest.mark.parametrize(
    ("text", "category", "subjects"),
    [
        ("Military (MC),6", "military_contingent", 6),
        ("Military (MC)", "military_contingent", None),
        ("Military (MO),1", "military_observer", 1),
        ("Military (Staff Officer),1", "staff_officer", 1),
        ("Police (FPU),2", "formed_police", 2),
        ("Police (UNPOL),1", "individual_police", 1),
        ("Police (GPP),1", "government_provided", 1),
        ("Civilian (UNV),1", "un_volunteer", 1),
        ("Civilian (INT),1", "civilian_international", 1),
        ("Civilian (NS),1", "civilian_national", 1),
        ("Civilian (Contractor),3", "contractor", 3),
        ("Civilian (Vendor Employee                                   ),1", "contractor", 1),
        ("Military (MC),1\n\nMilitary (MC),1", "military_contingent", 2),
        ("Military (MC)\n\nMilitary (MC)", "military_contingent", None),
        (
            "Civilian (NS),1\n\nCivilian ((Legacy) Daily Casual Workers                     ),1\n\nCivilian (UNV),1",
            "civilian_national",
            3,
        ),
        ("Police (Interpreter),1", "unknown", 1),
    ],
)
def test_the_personnel_type_gives_the_category_and_the_subjects_and_is_kept_as_published(
    text, category, subjects
):
    assert cells.parse_personnel(text) == {
        "personnel_category": category,
        "subjects": subjects,
        "personnel_published": text,
    }
    assert cells.render_personnel(category, subjects, text) == text


def test_a_personnel_type_changed_since_is_written_from_the_fields():
    assert cells.render_personnel("formed_police", 2, "Military (MC),6") == "Police (FPU),2"
    assert cells.render_personnel("military_contingent", 7, "Military (MC),6") == "Military (MC),7"
    assert cells.render_personnel("contractor", None, "") == "Civilian (Contractor)"
    with pytest.raises(CellError, match="^Personnel Type: not a number of subjects"):
        cells.parse_personnel("Military (MC),six")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("South Africa", "ZAF"),
        ("United Republic of Tanzania", "TZA"),
        ("Democratic Republic of the Congo", "COD"),
        ("Congo", "COG"),
        ("Bolivia", "BOL"),
        ("Côte d'Ivoire", "CIV"),
        ("Republic of Moldova", "MDA"),
        ("Nepal\n\nEthiopia", "NPL"),
        ("Unknown", ""),
        ("", ""),
    ],
)
def test_the_nationality_is_resolved_to_iso3_and_kept_as_published(text, code):
    assert cells.parse_nationality(text) == {"nationality": code, "nationality_name": text}
    assert cells.render_nationality(code, text) == text


def test_a_nationality_changed_since_is_written_from_its_code():
    assert cells.render_nationality("GHA", "Niger") == "Ghana"
    assert cells.render_nationality("", "Niger") == ""


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("Adult (1)", [("adult", 1)]),
        ("Adult", [("adult", None)]),
        ("Child (2)\n\nAdult (4)", [("child", 2), ("adult", 4)]),
        ("Child (9)\n\nAdult (27)\n\nUnknown (3)", [("child", 9), ("adult", 27), ("unknown", 3)]),
        ("Child (1)\n\nAdult", [("child", 1), ("adult", None)]),
        ("", []),
    ],
)
def test_victims_are_counted_by_age_group(text, rows):
    read = cells.parse_victims(text)
    assert [(row["age_group"], row["count"]) for row in read] == rows
    assert cells.render_victims(list(reversed(read))) == text  # written in the table's order, whatever given


def test_a_victim_line_that_is_no_age_group_is_refused():
    with pytest.raises(CellError, match="^Victim: not Child, Adult or Unknown"):
        cells.parse_victims("Child (two)")


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("SE (Transactional sex)", ["transactional_sex"]),
        ("SA (Rape)\n\nSE (Transactional sex)", ["rape", "transactional_sex"]),
        ("SA ([Legacy] Sexual activity with minor)", ["sexual_activity_with_minor"]),
        ("SE (Soliciting transactional sex)", ["soliciting_transactional_sex"]),
        ("SA (Attempted sexual assault)", ["attempted_sexual_assault"]),
        ("SE (Unknown)", ["other_exploitation"]),
        ("SA (Unknown)", ["other_abuse"]),
        ("Harassment (Verbal)", ["other_misconduct"]),
    ],
)
def test_allegations_are_mapped_to_kinds_with_their_words_kept(text, kinds):
    read = cells.parse_allegations(text)
    assert [row["kind"] for row in read] == kinds
    assert [row["label"] for row in read] == text.split("\n\n")
    assert cells.render_allegations(read) == text


def test_an_allegation_changed_since_is_written_in_the_tables_words():
    assert cells.render_allegations(
        [
            {"position": 0, "kind": "rape", "label": "SE (Transactional sex)"},
            {"position": 1, "kind": "sexual_assault", "label": ""},
        ]
    ) == ("SA (Rape)\n\nSA (Sexual assault)")


@pytest.mark.parametrize(
    ("text", "investigator", "days"),
    [
        ("UN OIOS (744)", "oios", 744),
        ("TCC/OIOS (Pending)", "tcc_oios", None),
        ("TCC (120)", "tcc", 120),
        ("UN Review (N/A)", "review", None),
        ("For Information (N/A)", "for_information", None),
        ("UN Mission (68)", "mission", 68),
        ("Host State (Pending)", "other", None),
        ("Non-UN (35)", "other", 35),
        ("", "", None),
    ],
)
def test_the_investigation_names_the_investigator_and_the_days(text, investigator, days):
    assert outcomes.parse_investigation(text) == {
        "investigator": investigator,
        "investigation_days": days,
        "investigator_published": text,
    }
    assert outcomes.render_investigation(investigator, days, text) == text
    assert outcomes.render_investigation(investigator, days, "") == (
        ""
        if not investigator
        else text
        if investigator != "other"
        else text.replace(text.split(" (")[0], "Other")
    )


def test_an_investigation_of_no_days_is_refused():
    with pytest.raises(CellError, match=r"^Investigation \(days\): not a number of days"):
        outcomes.parse_investigation("UN OIOS (about a year)")


@pytest.mark.parametrize(
    ("text", "rows", "outcome"),
    [
        ("Substantiated (Rape) (1)", [("substantiated", "Rape", 1)], "substantiated"),
        (
            "Pending (additional information from Member State) (1)",
            [("pending", "additional information from Member State", 1)],
            "pending",
        ),
        (
            "Unsubstantiated (Insufficient evidence) (1)\n\nSubstantiated (Exploitative relationship) (2)",
            [
                ("unsubstantiated", "Insufficient evidence", 1),
                ("substantiated", "Exploitative relationship", 2),
            ],
            "substantiated",
        ),
        (
            "Pending (1)\n\nUnsubstantiated (No evidence) (1)",
            [("pending", "", 1), ("unsubstantiated", "No evidence", 1)],
            "pending",
        ),
        (
            "Incomplete (Subject died) (1)",
            [("insufficient_information", "Subject died", 1)],
            "insufficient_information",
        ),
        ("N/A (Case duplicated) (1)", [("not_applicable", "Case duplicated", 1)], "not_applicable"),
        ("N/A (1)", [("not_applicable", "", 1)], "not_applicable"),
        ("Substantiated (1)", [("substantiated", "", 1)], "substantiated"),
        (
            "Unsubstantiated (Insufficient evidence (identity)) (1)",
            [("unsubstantiated", "Insufficient evidence (identity)", 1)],
            "unsubstantiated",
        ),
        (
            "Pending (additional information from Member State) (Pending ) (1)",
            [("pending", "additional information from Member State) (Pending ", 1)],
            "pending",
        ),
        (
            "Unsubstantiated (Insufficient evidence, but interfering with investigation\n) (1)",
            [("unsubstantiated", "Insufficient evidence, but interfering with investigation\n", 1)],
            "unsubstantiated",
        ),
        (
            "Unsubstantiated (Insufficient evidence ) (1)",
            [("unsubstantiated", "Insufficient evidence ", 1)],
            "unsubstantiated",
        ),
    ],
)
def test_results_give_the_subjects_outcomes_and_the_case_its_outcome(text, rows, outcome):
    read = outcomes.parse_results(text)
    assert [(row["outcome"], row["detail"], row["count"]) for row in read] == rows
    assert outcomes.outcome_of(read) == outcome
    assert outcomes.render_results(read) == text


def test_a_result_the_table_does_not_use_is_refused():
    with pytest.raises(CellError, match="^Result: not a result of the table"):
        outcomes.parse_results("Closed (1)")


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("UN Repatriation (1)", [("UN", "Repatriation", 1)]),
        ("NG Jail (1)\n\nUN Repatriation (1)", [("NG", "Jail", 1), ("UN", "Repatriation", 1)]),
        ("None (1)", [("", "None", 1)]),
        ("UN  (1)", [("UN", "", 1)]),
        ("N/A (1)", [("", "N/A", 1)]),
        ("UN Payments suspended (withheld) (2)", [("UN", "Payments suspended (withheld)", 2)]),
        ("UN UN referral to host state (1)", [("UN", "UN referral to host state", 1)]),
        ("NG None (1)", [("NG", "None", 1)]),
        ("UN Repatriation", [("UN", "Repatriation", None)]),
    ],
)
def test_actions_are_by_the_un_or_the_national_government(text, rows):
    read = outcomes.parse_actions(text, "final", first=3)
    assert [(row["taken_by"], row["label"], row["count"]) for row in read] == rows
    assert [row["position"] for row in read] == list(range(3, 3 + len(rows)))
    assert {row["stage"] for row in read} <= {"final"}
    assert outcomes.render_actions(read) == text


@pytest.mark.parametrize(
    ("outcome", "investigator", "final", "status"),
    [
        ("pending", "oios", ["Pending"], "investigation"),
        ("", "tcc", [], "investigation"),
        ("", "", [], "received"),
        ("substantiated", "oios", ["Pending", "Repatriation"], "outcome"),
        ("substantiated", "oios", ["Repatriation", "Jail"], "closed"),
        ("unsubstantiated", "oios", ["Action closed"], "closed"),
    ],
)
def test_the_status_follows_the_result_and_the_final_actions(outcome, investigator, final, status):
    assert outcomes.status_of(outcome, investigator, [{"label": label} for label in final]) == status


def test_the_closed_vocabularies():
    assert cells.parse_paternity_claim("Yes") is True
    assert cells.parse_paternity_claim("No") is False
    assert cells.parse_word("No (no response)", "NIO appointed", cells.NIO_WORDS) == "no_response"
    assert cells.parse_word("No (declined)", "NIO appointed", cells.NIO_WORDS) == "declined"
    assert cells.parse_word("", "NIO appointed", cells.NIO_WORDS) == ""
    assert cells.parse_word("Pending", "Paternity established", cells.ANSWER_WORDS) == "pending"
    with pytest.raises(CellError, match="^NIO appointed: not one of 'Yes', 'No \\(no response\\)'"):
        cells.parse_word("Maybe", "NIO appointed", cells.NIO_WORDS)
