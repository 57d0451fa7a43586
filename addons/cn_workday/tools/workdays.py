"""Working-day arithmetic over a calendar of exceptions.

Monday to Friday are working days, Saturday and Sunday are not, unless an
exception says otherwise: a holiday (放假) turns a weekday off, a make-up
workday (调休上班) turns a weekend day on.  No ORM here: the model layer feeds
the exceptions in, tests feed dictionaries.
"""
from datetime import date, datetime, timedelta

# Sane bounds: no time limit in administrative law comes near them, and a request
# beyond them (n = 10**9, a span to the year 9999) is refused instead of looping.
MAX_WORKING_DAYS = 2500        # about ten years of working days
MAX_SPAN_DAYS = 366 * 30       # thirty years between two dates


class WorkCalendar:
    """Working-day arithmetic.

    ``exceptions_for_year(year)`` returns ``{date: is_workday}`` for one year;
    it is called at most once per year and cached in the instance.
    """

    def __init__(self, exceptions_for_year):
        self._loader = exceptions_for_year
        self._years = {}

    def _exceptions(self, year):
        if year not in self._years:
            self._years[year] = dict(self._loader(year) or {})
        return self._years[year]

    def is_workday(self, day):
        exc = self._exceptions(day.year)
        if day in exc:
            return bool(exc[day])
        return day.weekday() < 5

    def add_working_days(self, start, n):
        """The n-th working day strictly after ``start`` (n = 0 gives ``start``)."""
        if n < 0:
            raise ValueError("n must not be negative")
        if n > MAX_WORKING_DAYS:
            raise ValueError(f"n must not exceed {MAX_WORKING_DAYS} working days")
        day = start
        while n:
            day += timedelta(days=1)
            if self.is_workday(day):
                n -= 1
        return day

    def working_days_between(self, start, end):
        """Working days in the half-open interval (start, end]; 0 when end <= start."""
        if (end - start).days > MAX_SPAN_DAYS:
            raise ValueError(f"the span must not exceed {MAX_SPAN_DAYS} days")
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count


def to_date(value):
    """Accept a ``date``, a ``datetime`` or an ISO string (``2026-02-12``)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    raise TypeError(f"not a date: {value!r}")
