"""The dashboard's municipalities this month compare like with like: the month so far against the average for
as many days over the 12 months before, not against a whole month's average."""

import datetime as dt

import pytest

from peaceops.testing.world import Seed, create, make_areas

pytestmark = pytest.mark.django_db


def _seed(day: dt.date, n: int) -> Seed:
    return Seed(dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC), "mission/crime", 0, 0, "Westmark", "PUBLIC",
                "UNMIK", f"Westmark {day} {n}")


def test_half_a_month_at_last_years_pace_reads_as_usual_not_as_half(client_as, people, mission):
    make_areas(mission)
    # 24 incidents over March 2025 - February 2026 (365 days): two on the 10th of each month.
    before = [_seed(dt.date(2025 + (2 + m) // 12, (2 + m) % 12 + 1, 10), n) for m in range(12) for n in range(2)]
    # March 2026 up to the 15th: two, as many as in a whole month before, in half the days.
    now = [_seed(dt.date(2026, 3, 3), 0), _seed(dt.date(2026, 3, 12), 1)]
    create(before + now, mission, people)
    response = client_as(people["watch"]).get("/dashboard/?as_of=2026-03-15")
    [area] = response.context["areas"]
    assert (area.name, area.this_month, area.monthly_average) == ("Westmark", 2, 2.0)
    assert area.expected == pytest.approx(24 / 365 * 15)  # about 1.0: the average for 15 days
    assert area.ratio == pytest.approx(2 / (24 / 365 * 15))  # twice the usual pace, not "as usual"
    page = response.content.decode()
    assert "from 1 March 2026 to 15 March 2026 (15 days)" in page
    row = page.split(f'data-area="{area.area_id}"')[1].split("</tr>")[0]
    assert '<td class="num">1.0</td>' in row and "×2.0" in row


def test_on_the_last_day_of_a_month_the_whole_month_is_compared(client_as, people, mission):
    make_areas(mission)
    create([_seed(dt.date(2025, 4, 1), 0), _seed(dt.date(2026, 3, 31), 1)], mission, people)
    [area] = client_as(people["watch"]).get("/dashboard/?as_of=2026-03-31").context["areas"]
    assert area.expected == pytest.approx(1 / 365 * 31)
