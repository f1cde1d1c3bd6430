"""The kit's bar chart (core/kit/charts.py): a target drawn as a mark at its height on the axis, and a chart
saying whether it has any mark (its legend names the marks only then)."""

from peaceops.core.kit.charts import BOTTOM, HEIGHT, TOP, Datum, bar_chart


def test_a_target_is_a_mark_at_its_height_and_the_chart_knows_it_has_one():
    chart = bar_chart([Datum("Military", 5.0, target=10.0), Datum("FPU", 20.0)], top=40)
    baseline, plot = HEIGHT - BOTTOM, HEIGHT - TOP - BOTTOM
    military, fpu = chart.bars
    assert military.target_y == round(baseline - 10 / 40 * plot, 1) and fpu.target_y is None
    assert military.y == round(baseline - 5 / 40 * plot, 1)  # the bar stops below its mark
    assert chart.has_targets
    assert not bar_chart([Datum("2018", 5.0), Datum("2019", 13.0)]).has_targets
