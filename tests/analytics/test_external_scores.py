"""Scores of external probability forecasts against state-based fatalities (moved out of
test_external_forecasts.py, whose tests share a world recorded once for their module: these record their own)."""


import pytest
from django.core.management import CommandError, call_command

from peaceops.analytics.external.scoring import score_external_forecast
from peaceops.testing.world import Seed, create, make_areas
from tests.analytics.test_external_forecasts import at, import_file, metric

pytestmark = pytest.mark.django_db


@pytest.fixture
def state_based(mission, people):
    """State-based fatalities (UCDP type 1 in the default taxonomy) in 2024-06 and 2024-09 (history), 2025-01
    and 2025-04; a crime with 7 killed in 2025-02 that a state-based forecast must not count."""
    make_areas(mission)
    sb = "organised-violence/state-based"
    seeds = [Seed(at(2024, 6), sb, 5, 0, "Westmark", "PUBLIC", "UNMIK", "a"),
             Seed(at(2024, 9), sb, 1, 0, "Eastfield", "PUBLIC", "UNMIK", "b"),
             Seed(at(2025, 1), sb, 4, 0, "Westmark", "PUBLIC", "UNMIK", "c"),
             Seed(at(2025, 2), "mission/crime", 7, 0, "Westmark", "PUBLIC", "UNMIK", "d"),
             Seed(at(2025, 4), sb, 2, 0, "Northeast", "PUBLIC", "UNMIK", "e")]
    create(seeds, mission, people)


def test_probabilities_get_brier_and_auroc_by_hand(state_based, people):
    forecast = import_file("probabilities_cm.csv", people["reporter"], "--country-id", "999",
                           "--column", "average_basewthematic_sb", unit="country")
    assert (forecast.kind, forecast.violence, forecast.rows_outside) == ("probabilities", "sb", 2)
    report = score_external_forecast(forecast, people["viewer"])
    assert [row["metric"] for row in report["metrics"]] == ["brier_1", "auroc_1"]
    # p = 0.8, 0.3, 0.1, 0.6 for 2025-01..04; state-based fatalities 4, 0, 0, 2.
    brier = metric(report, "brier_1")
    assert brier["forecast"] == pytest.approx((0.2**2 + 0.3**2 + 0.1**2 + 0.4**2) / 4)
    assert brier["conflictology_12"] == pytest.approx(58 / 196)  # 2 of the 7 months 2024-06..12 had deaths
    assert brier["zero"] == pytest.approx(0.5)
    assert metric(report, "auroc_1")["forecast"] == 1.0
    assert any("CRPS" in note and "not defined" in note for note in report["notes"])
    assert any("state-based" in note for note in report["notes"])


def test_score_command_prints_a_table_and_writes_the_report(state_based, people, tmp_path, capsys):
    import_file("probabilities_cm.csv", people["reporter"], "--country-id", "999", "--column",
                "average_basewthematic_sb", unit="country")
    out = tmp_path / "report.md"
    call_command("forecast", "score-external", "--name", "probabilities_cm", "--mission", "UNMIK", "--user",
                 "viewer", "-o", str(out))
    printed = capsys.readouterr().out
    assert "| Brier, >= 1 fatality | 0.075 | 0.296 | 0.500 | 0.253 | 0.253 [" in printed  # ratio, interval
    assert "90% intervals: 1000 bootstrap resamples of the 4 months." in printed
    assert out.read_text().startswith("# External forecast 'probabilities_cm'")
    with pytest.raises(CommandError, match="--name: no forecast set 'nope'"):
        call_command("forecast", "score-external", "--name", "nope", "--mission", "UNMIK", "--user", "viewer")


def test_without_a_ucdp_mapping_all_incidents_count(state_based, people, mission):
    from peaceops.incidents.models import Category

    Category.objects.filter(mission=mission).update(ucdp_type_of_violence=None)
    forecast = import_file("probabilities_cm.csv", people["reporter"], "--country-id", "999",
                           "--column", "average_basewthematic_sb", unit="country")
    report = score_external_forecast(forecast, people["viewer"])
    assert any("maps no category" in note and "all incidents count" in note for note in report["notes"])
    # The crime of 2025-02 (7 killed) now counts: outcomes 1, 1, 0, 1 for p = 0.8, 0.3, 0.1, 0.6.
    assert metric(report, "brier_1")["forecast"] == pytest.approx((0.2**2 + 0.7**2 + 0.1**2 + 0.4**2) / 4)
