"""Calendar arithmetic of TIMEX3 values (extractors/timex/calendar.py), table by table, no parsing involved."""

from __future__ import annotations

from datetime import date

import pytest

from extractors.timex.calendar import (
    Interval,
    add_months,
    interval,
    month_end,
    narrowed,
    quarter_of,
    shift_day,
    unit_value,
    value_start,
    value_unit,
    week_value,
)

D = date.fromisoformat
TUESDAY = D("2023-05-09")


@pytest.mark.parametrize(
    ("year", "month", "end"),
    [
        (2024, 2, "2024-02-29"),  # leap year
        (2023, 2, "2023-02-28"),
        (1900, 2, "1900-02-28"),  # a century is not a leap year ...
        (2000, 2, "2000-02-29"),  # ... unless divisible by 400
        (2023, 4, "2023-04-30"),
        (2023, 12, "2023-12-31"),
    ],
)
def test_month_end(year: int, month: int, end: str) -> None:
    assert month_end(year, month) == D(end)


@pytest.mark.parametrize(
    ("year", "month", "n", "expected"),
    [
        (2023, 11, 2, (2024, 1)),
        (2023, 12, 1, (2024, 1)),
        (2024, 1, -1, (2023, 12)),
        (2023, 5, -17, (2021, 12)),
        (2023, 1, 24, (2025, 1)),
        (2023, 5, 0, (2023, 5)),
    ],
)
def test_add_months_crosses_year_ends(year: int, month: int, n: int, expected: tuple[int, int]) -> None:
    assert add_months(year, month, n) == expected


@pytest.mark.parametrize(
    ("day", "week"),
    [
        ("2021-01-01", "2020-W53"),  # a Friday: still the last ISO week of 2020
        ("2023-01-01", "2022-W52"),  # a Sunday
        ("2024-12-30", "2025-W01"),  # a Monday: already the first week of 2025
        ("2026-01-01", "2026-W01"),  # a Thursday: its week belongs to 2026
        ("2023-05-09", "2023-W19"),
    ],
)
def test_week_value_uses_iso_weeks(day: str, week: str) -> None:
    assert week_value(D(day)) == week


@pytest.mark.parametrize(
    ("day", "quarter"),
    [("2023-01-01", 1), ("2023-03-31", 1), ("2023-04-01", 2), ("2023-06-30", 2), ("2023-07-01", 3), ("2023-12-31", 4)],
)
def test_quarter_of(day: str, quarter: int) -> None:
    assert quarter_of(D(day)) == quarter


@pytest.mark.parametrize(
    ("day", "unit", "value"),
    [
        ("2023-05-09", "day", "2023-05-09"),
        ("2023-05-09", "week", "2023-W19"),
        ("2023-05-09", "weekend", "2023-W19-WE"),
        ("2023-05-09", "month", "2023-05"),
        ("2023-05-09", "quarter", "2023-Q2"),
        ("2023-05-09", "half", "2023-H1"),
        ("2023-07-01", "half", "2023-H2"),
        ("2023-05-09", "year", "2023"),
        ("2023-05-09", "decade", "202"),
        ("2023-05-09", "century", "20"),
        ("2023-05-09", "fortnight", "2023"),  # a unit without a value of its own falls back to the year
    ],
)
def test_unit_value(day: str, unit: str, value: str) -> None:
    assert unit_value(D(day), unit) == value


@pytest.mark.parametrize(
    ("day", "unit", "n", "moved"),
    [
        ("2023-05-09", "day", 30, "2023-06-08"),
        ("2023-05-09", "week", -2, "2023-04-25"),
        ("2023-05-09", "weekend", 1, "2023-05-16"),
        ("2024-01-31", "month", 1, "2024-02-29"),  # month ends are clamped
        ("2023-01-31", "month", 1, "2023-02-28"),
        ("2023-11-30", "quarter", 1, "2024-02-29"),
        ("2023-05-09", "half", 1, "2023-11-09"),
        ("2023-05-09", "season", -1, "2023-02-09"),
        ("2024-02-29", "year", 1, "2025-02-28"),
        ("2023-05-09", "decade", -1, "2013-05-09"),
        ("2023-05-09", "century", 1, "2123-05-09"),
        ("2023-05-09", "hour", 3, "2023-05-09"),  # not a calendar unit: the day stays
    ],
)
def test_shift_day(day: str, unit: str, n: int, moved: str) -> None:
    assert shift_day(D(day), unit, n) == D(moved)


@pytest.mark.parametrize(
    ("value", "start", "unit"),
    [
        ("2023-05-09", "2023-05-09", "day"),
        ("2023-05-09T14:30", "2023-05-09", "day"),
        ("2023-05", "2023-05-01", "month"),
        ("2023-W19", "2023-05-08", "week"),
        ("2023-W19-WE", "2023-05-13", "week"),
        ("2023-Q2", "2023-04-01", "quarter"),
        ("2023-H2", "2023-07-01", "half"),
        ("2023-WI", "2023-12-01", "season"),
        ("2023", "2023-01-01", "year"),
        ("202", "2020-01-01", "decade"),
        ("20", "2000-01-01", None),  # a century is a plain range
    ],
)
def test_value_start_and_unit(value: str, start: str, unit: str | None) -> None:
    assert value_start(value) == D(start)
    assert value_unit(value) == unit


@pytest.mark.parametrize("value", ["PRESENT_REF", "XXXX-05", "XXXX-WXX-2", "P3Y", "2023-W19-2"])
def test_values_without_an_interval(value: str) -> None:
    assert interval(value, None, TUESDAY) is None
    assert value_start(value) is None
    assert value_unit(value) is None


@pytest.mark.parametrize(
    ("value", "first", "last", "granularity"),
    [
        ("2023-05-09", "2023-05-09", "2023-05-09", "day"),
        ("2023-05-09T05:36", "2023-05-09", "2023-05-09", "day"),
        ("2024-02", "2024-02-01", "2024-02-29", "month"),
        ("2020-W53", "2020-12-28", "2021-01-03", "week"),  # a week across the year end
        ("2025-W01", "2024-12-30", "2025-01-05", "week"),
        ("2023-W19-WE", "2023-05-13", "2023-05-14", "week"),
        ("2023-Q4", "2023-10-01", "2023-12-31", "quarter"),
        ("2023-H1", "2023-01-01", "2023-06-30", "range"),
        ("2023-SU", "2023-06-01", "2023-08-31", "season"),
        ("2023-WI", "2023-12-01", "2024-02-29", "season"),  # winter runs into the next (leap) year
        ("2022-WI", "2022-12-01", "2023-02-28", "season"),
        ("2023", "2023-01-01", "2023-12-31", "year"),
        ("199", "1990-01-01", "1999-12-31", "decade"),
        ("19", "1900-01-01", "1999-12-31", "range"),
        ("00", "0001-01-01", "0099-12-31", "range"),  # there is no year 0
    ],
)
def test_interval(value: str, first: str, last: str, granularity: str) -> None:
    assert interval(value, None, TUESDAY) == (D(first), D(last), granularity)


YEAR_2023 = (D("2023-01-01"), D("2023-12-31"), "year")
MAY_2023 = (D("2023-05-01"), D("2023-05-31"), "month")
A_DAY = (TUESDAY, TUESDAY, "day")


@pytest.mark.parametrize(
    ("span", "mod", "anchor", "toward_anchor", "expected"),
    [
        (YEAR_2023, None, TUESDAY, True, (YEAR_2023, False)),
        (YEAR_2023, "EQUAL_OR_LESS", None, False, (YEAR_2023, False)),
        (YEAR_2023, "APPROX", None, False, (YEAR_2023, True)),
        (YEAR_2023, "BEFORE", None, False, (YEAR_2023, True)),
        # thirds of the unit: 365 // 3 = 121 days
        (YEAR_2023, "START", None, False, ((D("2023-01-01"), D("2023-05-01"), "range"), True)),
        (YEAR_2023, "MID", None, False, ((D("2023-05-02"), D("2023-09-01"), "range"), True)),
        (YEAR_2023, "END", None, False, ((D("2023-09-02"), D("2023-12-31"), "range"), True)),
        # "earlier this year", "later this year": from the start of the unit to the anchor, or on to its end
        (YEAR_2023, "START", TUESDAY, True, ((D("2023-01-01"), TUESDAY, "range"), False)),
        (YEAR_2023, "END", TUESDAY, True, ((TUESDAY, D("2023-12-31"), "range"), False)),
        (YEAR_2023, "MID", TUESDAY, True, ((D("2023-05-02"), D("2023-09-01"), "range"), True)),
        (YEAR_2023, "START", D("2024-02-01"), True, ((D("2023-01-01"), D("2023-05-01"), "range"), True)),
        # a month: 31 // 3 = 10 days
        (MAY_2023, "START", None, False, ((D("2023-05-01"), D("2023-05-10"), "range"), True)),
        (MAY_2023, "MID", None, False, ((D("2023-05-11"), D("2023-05-21"), "range"), True)),
        (MAY_2023, "END", None, False, ((D("2023-05-22"), D("2023-05-31"), "range"), True)),
        (A_DAY, "START", None, False, (A_DAY, True)),  # a day has no thirds
    ],
)
def test_narrowed(
    span: Interval, mod: str | None, anchor: date | None, toward_anchor: bool, expected: tuple[Interval, bool]
) -> None:
    assert narrowed(span, mod, anchor, toward_anchor) == expected
