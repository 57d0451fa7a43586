"""Plain unit tests of the ORM-free calendar logic (addons/cn_workday/tools)."""
from datetime import date

import pytest

from cn_workday_tools.cn_holidays import official_exceptions, statutory_exceptions
from cn_workday_tools.workdays import WorkCalendar, to_date


def cal(exceptions=None):
    exceptions = exceptions or {}
    return WorkCalendar(lambda year: {d: v for d, v in exceptions.items() if d.year == year})


def test_plain_weeks():
    c = cal()
    assert c.add_working_days(date(2030, 3, 1), 1) == date(2030, 3, 4)  # Fri -> Mon
    assert c.add_working_days(date(2030, 3, 2), 0) == date(2030, 3, 2)
    assert c.working_days_between(date(2030, 3, 1), date(2030, 3, 8)) == 5
    assert c.working_days_between(date(2030, 3, 8), date(2030, 3, 1)) == 0


def test_exceptions_both_ways():
    c = cal({date(2030, 3, 4): False, date(2030, 3, 9): True})
    assert c.add_working_days(date(2030, 3, 1), 1) == date(2030, 3, 5)
    assert c.add_working_days(date(2030, 3, 8), 1) == date(2030, 3, 9)


def test_official_2026_example():
    off = official_exceptions(2026)
    c = WorkCalendar(lambda y: {d: on for d, (on, _n) in (official_exceptions(y) or {}).items()})
    assert off[date(2026, 2, 14)][0] is True
    assert off[date(2026, 2, 28)][0] is True
    assert c.add_working_days(date(2026, 2, 12), 5) == date(2026, 2, 26)
    assert c.working_days_between(date(2026, 2, 12), date(2026, 2, 26)) == 5


def test_official_unknown_year():
    assert official_exceptions(2099) is None


@pytest.mark.parametrize("year, expected_off", [
    # 2027: New Year Fri 1 Jan; Spring Festival 除夕 Fri 5 Feb - 初三 Mon 8 Feb (+ 9, 10 in lieu
    # of the weekend); Qingming Mon 5 Apr; Labour Sat 1 - Sun 2 May (in lieu Mon 3, Tue 4);
    # Dragon Boat Wed 9 Jun; Mid-autumn Wed 15 Sep; National Day Fri 1 Oct (+ Mon 4, Tue 5)
    (2027, {date(2027, 1, 1), date(2027, 2, 5), date(2027, 2, 8), date(2027, 2, 9), date(2027, 2, 10),
            date(2027, 4, 5), date(2027, 5, 3), date(2027, 5, 4), date(2027, 6, 9), date(2027, 9, 15),
            date(2027, 10, 1), date(2027, 10, 4), date(2027, 10, 5)}),
])
def test_statutory_provisional_year(year, expected_off):
    exc = statutory_exceptions(year)
    assert set(exc) == expected_off
    assert all(on is False for on, _n in exc.values())  # never invents make-up workdays
    assert exc[date(2027, 2, 9)][1] == "春节补假"


def test_statutory_matches_official_holidays_2025_2026():
    """Every statutory holiday computed for 2025/2026 is a day off in the official schedule."""
    for year in (2025, 2026):
        official_off = {d for d, (on, _n) in official_exceptions(year).items() if not on}
        for day, (_on, name) in statutory_exceptions(year).items():
            if "补假" not in name:
                assert day in official_off, (day, name)


def test_to_date():
    assert to_date("2026-02-12") == date(2026, 2, 12)
    assert to_date("2026-02-12 10:00:00") == date(2026, 2, 12)
    with pytest.raises(TypeError):
        to_date(12)
