"""China's public holidays: the official schedule and a provisional one.

* :func:`official_exceptions` reads the State Council's published schedule
  (holidays and make-up workdays) from the ``chinesecalendar`` package, for the
  years it knows.
* :func:`statutory_exceptions` computes, for a year whose schedule is not yet
  published, the holidays of the 全国年节及纪念日放假办法 (2024 revision) from
  the lunar calendar and the solar terms (``lunar_python``), plus the weekday
  off in lieu (补假) of article 4 when a holiday falls on a weekend, and no
  make-up workdays.
"""
from datetime import date, timedelta

from lunar_python import Lunar, Solar

# (English key, Chinese name)
FESTIVALS = {
    "new_year": "元旦",
    "spring": "春节",
    "qingming": "清明节",
    "labour": "劳动节",
    "dragon_boat": "端午节",
    "mid_autumn": "中秋节",
    "national": "国庆节",
}


def _lunar_to_solar(year, month, day):
    s = Lunar.fromYmd(year, month, day).getSolar()
    return date(s.getYear(), s.getMonth(), s.getDay())


def _qingming(year):
    # the solar term 清明 of the given Gregorian year
    table = Solar.fromYmd(year, 6, 1).getLunar().getJieQiTable()
    s = table["清明"]
    return date(s.getYear(), s.getMonth(), s.getDay())


def statutory_holidays(year):
    """List of (festival name, [dates]) for the statutory holidays of ``year``."""
    spring = _lunar_to_solar(year, 1, 1)
    return [
        (FESTIVALS["new_year"], [date(year, 1, 1)]),
        (FESTIVALS["spring"], [spring - timedelta(days=1), spring,
                               spring + timedelta(days=1), spring + timedelta(days=2)]),
        (FESTIVALS["qingming"], [_qingming(year)]),
        (FESTIVALS["labour"], [date(year, 5, 1), date(year, 5, 2)]),
        (FESTIVALS["dragon_boat"], [_lunar_to_solar(year, 5, 5)]),
        (FESTIVALS["mid_autumn"], [_lunar_to_solar(year, 8, 15)]),
        (FESTIVALS["national"], [date(year, 10, 1), date(year, 10, 2), date(year, 10, 3)]),
    ]


def statutory_exceptions(year):
    """Provisional exceptions of ``year``: ``{date: (is_workday, name)}``.

    Holidays on a weekday are days off; for each holiday that falls on a
    Saturday or Sunday, the first working day after the holiday period that is
    not already off is given in lieu (补假).  Make-up workdays are never
    invented: only the official schedule announces them.
    """
    off = {}
    for name, days in statutory_holidays(year):
        for d in days:
            off.setdefault(d, name)
    result = {d: (False, name) for d, name in off.items() if d.year == year}
    for name, days in statutory_holidays(year):
        weekend = [d for d in days if d.weekday() >= 5 and off.get(d) == name]
        cursor = max(days)
        for _d in weekend:
            cursor += timedelta(days=1)
            while cursor.weekday() >= 5 or cursor in off or cursor in result:
                cursor += timedelta(days=1)
            if cursor.year == year:
                result[cursor] = (False, f"{name}补假")
    # a holiday on a weekend is no exception to Monday-Friday: its day in lieu is
    return {d: v for d, v in sorted(result.items()) if d.weekday() < 5}


def official_years():
    """Years the installed ``chinesecalendar`` publishes a schedule for."""
    try:
        import chinese_calendar
    except ImportError:
        return set()
    return {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}


def official_exceptions(year):
    """Official exceptions of ``year``: ``{date: (is_workday, name)}``, or None if unknown."""
    if year not in official_years():
        return None
    import chinese_calendar
    result = {}
    day = date(year, 1, 1)
    while day.year == year:
        on, name = chinese_calendar.get_holiday_detail(day)
        # get_holiday_detail: (is_holiday, holiday name or None); name set on
        # weekend make-up workdays too
        is_workday = not on
        weekday = day.weekday() < 5
        if is_workday != weekday:
            label = _label(name)
            result[day] = (is_workday, label if not is_workday else f"{label}调休上班")
        day += timedelta(days=1)
    return result


_EN_TO_CN = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节",
    "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def _label(name):
    if not name:
        return "调整"
    text = getattr(name, "value", name)
    return _EN_TO_CN.get(text, text)
