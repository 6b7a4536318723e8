"""Tests for clerkbook.domain.dates: phrase table, errors, DST, describe_due and property tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clerkbook.domain.dates import DEFAULT_TIME, DateParseError, describe_due, parse_when

NY = ZoneInfo("America/New_York")
UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 25, 10, 15, tzinfo=NY)  # a Wednesday
LATE = dt.datetime(2026, 11, 25, 23, 30, tzinfo=NY)
MON_EARLY = dt.datetime(2026, 11, 30, 7, 0, tzinfo=NY)
MON_LATE = dt.datetime(2026, 11, 30, 9, 0, tzinfo=NY)


def ny(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=NY)


CASES = [
    # bare times: today if still ahead, else tomorrow
    ("16:00", NOW, ny(11, 25, 16)),
    ("4pm", NOW, ny(11, 25, 16)),
    ("4 pm", NOW, ny(11, 25, 16)),
    ("4:30pm", NOW, ny(11, 25, 16, 30)),
    ("4:30 p.m.", NOW, ny(11, 25, 16, 30)),
    ("7am", NOW, ny(11, 26, 7)),
    ("noon", NOW, ny(11, 25, 12)),
    ("midnight", NOW, ny(11, 26, 0)),
    ("12am", NOW, ny(11, 26, 0)),
    ("12pm", NOW, ny(11, 25, 12)),
    ("10:15", NOW, ny(11, 25, 10, 15)),  # the current minute still counts as today
    ("10:14", NOW, ny(11, 26, 10, 14)),
    ("at 8", NOW, ny(11, 26, 8)),
    ("at 16", NOW, ny(11, 25, 16)),
    ("at 0", NOW, ny(11, 26, 0)),
    ("at 4pm", NOW, ny(11, 25, 16)),
    ("at noon", NOW, ny(11, 25, 12)),
    # day words
    ("today", NOW, ny(11, 25, 17)),
    ("eod", NOW, ny(11, 25, 17)),
    ("tonight", NOW, ny(11, 25, 20)),
    ("tomorrow", NOW, ny(11, 26, 8)),
    ("tmrw", NOW, ny(11, 26, 8)),
    ("tomorrow 7am", NOW, ny(11, 26, 7)),
    ("7am tomorrow", NOW, ny(11, 26, 7)),
    ("tomorrow at 7am", NOW, ny(11, 26, 7)),
    ("today 7am", NOW, ny(11, 25, 7)),  # explicit day is taken literally, even if past
    ("tonight 9pm", NOW, ny(11, 25, 21)),
    # relative: elapsed time, truncated to the minute
    ("in 2h", NOW, ny(11, 25, 12, 15)),
    ("in 2 h", NOW, ny(11, 25, 12, 15)),
    ("in 2 hours", NOW, ny(11, 25, 12, 15)),
    ("in 1 hour", NOW, ny(11, 25, 11, 15)),
    ("in 30 min", NOW, ny(11, 25, 10, 45)),
    ("in 30m", NOW, ny(11, 25, 10, 45)),
    ("in 30 minutes", NOW, ny(11, 25, 10, 45)),
    ("in 1h30m", NOW, ny(11, 25, 11, 45)),
    ("in 1h 30m", NOW, ny(11, 25, 11, 45)),
    ("in 3 days", NOW, ny(11, 28, 10, 15)),
    ("in 2d", NOW, ny(11, 27, 10, 15)),
    ("in 1 week", NOW, ny(12, 2, 10, 15)),
    ("in 2w", NOW, ny(12, 9, 10, 15)),
    # weekdays: next occurrence not before now
    ("mon", NOW, ny(11, 30, 8)),
    ("monday", NOW, ny(11, 30, 8)),
    ("tue", NOW, ny(12, 1, 8)),
    ("tues", NOW, ny(12, 1, 8)),
    ("tuesday", NOW, ny(12, 1, 8)),
    ("wed", NOW, ny(12, 2, 8)),  # today's 08:00 has passed
    ("wednesday", NOW, ny(12, 2, 8)),
    ("wed 11am", NOW, ny(11, 25, 11)),  # today's 11:00 is still ahead
    ("thu", NOW, ny(11, 26, 8)),
    ("thur", NOW, ny(11, 26, 8)),
    ("thurs", NOW, ny(11, 26, 8)),
    ("thursday", NOW, ny(11, 26, 8)),
    ("fri", NOW, ny(11, 27, 8)),
    ("friday", NOW, ny(11, 27, 8)),
    ("sat", NOW, ny(11, 28, 8)),
    ("saturday", NOW, ny(11, 28, 8)),
    ("sun", NOW, ny(11, 29, 8)),
    ("sunday", NOW, ny(11, 29, 8)),
    ("mon 8am", NOW, ny(11, 30, 8)),
    ("monday 14:00", NOW, ny(11, 30, 14)),
    ("fri noon", NOW, ny(11, 27, 12)),
    ("mon at 8", NOW, ny(11, 30, 8)),
    ("next mon", NOW, ny(11, 30, 8)),
    ("next wed", NOW, ny(12, 2, 8)),
    ("next fri", NOW, ny(12, 4, 8)),  # next ISO week, not this Friday
    ("next fri 4pm", NOW, ny(12, 4, 16)),
    ("mon 8am", MON_EARLY, ny(11, 30, 8)),  # Monday, 08:00 still ahead -> today
    ("mon", MON_EARLY, ny(11, 30, 8)),
    ("mon 8am", MON_LATE, ny(12, 7, 8)),  # Monday, 08:00 passed -> next Monday
    ("next mon", MON_EARLY, ny(12, 7, 8)),
    ("next week", NOW, ny(11, 30, 8)),
    ("next week 9am", NOW, ny(11, 30, 9)),
    ("next week", MON_EARLY, ny(12, 7, 8)),
    # absolute
    ("2026-12-03 14:30", NOW, ny(12, 3, 14, 30)),
    ("2026-12-03", NOW, ny(12, 3, 8)),
    ("2026-12-03T14:30", NOW, ny(12, 3, 14, 30)),
    ("3 dec 14:30", NOW, ny(12, 3, 14, 30)),
    ("dec 3", NOW, ny(12, 3, 8)),
    ("3rd december", NOW, ny(12, 3, 8)),
    ("dec 3 2027", NOW, ny(12, 3, 8, year=2027)),
    ("3 jan", NOW, ny(1, 3, 8, year=2027)),  # year-less and already passed -> next year
    ("nov 25", NOW, ny(11, 25, 8)),  # today's date does not roll over
    ("2026-01-05", NOW, ny(1, 5, 8)),  # explicit year: past dates are allowed
    # case and whitespace
    ("  TOMORROW   7AM ", NOW, ny(11, 26, 7)),
    ("Fri\tNOON", NOW, ny(11, 27, 12)),
    ("In 2H", NOW, ny(11, 25, 12, 15)),
    # roll-over late in the evening
    ("7am", LATE, ny(11, 26, 7)),
    ("midnight", LATE, ny(11, 26, 0)),
    ("23:30", LATE, ny(11, 25, 23, 30)),
    ("23:00", LATE, ny(11, 26, 23)),
    ("in 45m", LATE, ny(11, 26, 0, 15)),
    ("tomorrow", LATE, ny(11, 26, 8)),
    ("today", LATE, ny(11, 25, 17)),
    ("thu", LATE, ny(11, 26, 8)),
    ("wed", LATE, ny(12, 2, 8)),
]


@pytest.mark.parametrize(("text", "now", "expected"), CASES, ids=[f"{c[0]!r}@{c[1]:%a %H:%M}" for c in CASES])
def test_phrase_table(text: str, now: dt.datetime, expected: dt.datetime) -> None:
    result = parse_when(text, now)
    assert result == expected
    assert result.utcoffset() == expected.utcoffset()
    assert result.tzinfo is NY


def test_default_time_is_start_of_ward_day() -> None:
    assert DEFAULT_TIME == dt.time(8, 0)


def test_relative_drops_seconds() -> None:
    now = dt.datetime(2026, 11, 25, 10, 15, 59, 999999, tzinfo=NY)
    assert parse_when("in 30m", now) == ny(11, 25, 10, 45)


@pytest.mark.parametrize(
    "text",
    ["tomorow 7am", "blah", "", "   ", "12/03", "8", "mon 8", "in -2h", "in 99999999999 days", "25:00", "13pm",
     "0am", "7:60", "2026-02-30", "0000-01-01", "10000-01-01", "2200-01-01", "1800-01-01", "in 5300 weeks",
     "tomorrow today", "in 2h tomorrow", "4pm 5pm", "2026-12-03T14:30 9am", "next", "at", "in", "in 2 fortnights",
     "feb 29", "line\nbreak"],
)
def test_errors_are_one_line_and_quote_input(text: str) -> None:
    with pytest.raises(DateParseError) as info:
        parse_when(text, NOW)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("Could not understand '")
    assert info.value.text == text
    if "\n" not in text:
        assert f"'{text}'" in message


def test_typo_names_understood_and_not_understood_parts() -> None:
    with pytest.raises(DateParseError) as info:
        parse_when("tomorow 7am", NOW)
    assert info.value.not_understood == ["tomorow"]
    assert info.value.understood == ["7am"]
    assert str(info.value) == "Could not understand 'tomorow 7am': understood '7am', not 'tomorow'."


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty date"),
        ("   ", "empty date"),
        ("blah", "no date or time found"),
        ("12/03", "YYYY-MM-DD"),
        ("8", "ambiguous"),
        ("in -2h", "positive"),
        ("in 99999999999 days", "too far in the future"),
        ("10000-01-01", "too far in the future"),
        ("0000-01-01", "too far in the past"),
        ("25:00", "not a valid time"),
        ("13pm", "not a valid time"),
        ("2026-02-30", "not a valid date"),
        ("tomorrow today", "conflicts"),
    ],
)
def test_error_reasons(text: str, fragment: str) -> None:
    with pytest.raises(DateParseError, match=fragment):
        parse_when(text, NOW)


def test_date_parse_error_is_value_error() -> None:
    assert issubclass(DateParseError, ValueError)


def test_naive_now_raises() -> None:
    with pytest.raises(ValueError) as info:
        parse_when("tomorrow", dt.datetime(2026, 11, 25, 10, 15))
    assert not isinstance(info.value, DateParseError)
    with pytest.raises(ValueError):
        describe_due(NOW, dt.datetime(2026, 11, 25, 10, 15))
    with pytest.raises(ValueError):
        describe_due(dt.datetime(2026, 11, 25, 10, 15), NOW)


def test_non_str_text_raises_type_error() -> None:
    with pytest.raises(TypeError):
        parse_when(None, NOW)  # type: ignore[arg-type]


def test_result_uses_nows_timezone() -> None:
    now = dt.datetime(2026, 11, 25, 15, 15, tzinfo=UTC)
    assert parse_when("tomorrow 7am", now) == dt.datetime(2026, 11, 26, 7, tzinfo=UTC)
    assert parse_when("tomorrow 7am", now).tzinfo is UTC


# DST: the US springs forward on 2026-03-08 at 02:00.
DST_NOW = dt.datetime(2026, 3, 7, 10, 0, tzinfo=NY)


def test_dst_calendar_day_keeps_wall_clock() -> None:
    result = parse_when("tomorrow 10am", DST_NOW)
    assert (result.year, result.month, result.day, result.hour, result.minute) == (2026, 3, 8, 10, 0)
    assert result.utcoffset() == dt.timedelta(hours=-4)


def test_dst_elapsed_hours_are_real_hours() -> None:
    result = parse_when("in 24h", DST_NOW)
    assert (result.month, result.day, result.hour, result.minute) == (3, 8, 11, 0)
    assert result.utcoffset() == dt.timedelta(hours=-4)
    assert result.astimezone(UTC) - DST_NOW.astimezone(UTC) == dt.timedelta(hours=24)


def test_dst_gap_lands_on_a_real_time() -> None:
    result = parse_when("2026-03-08 02:30", DST_NOW)
    assert result.astimezone(UTC).astimezone(NY) == result
    assert result.utcoffset() == dt.timedelta(hours=-4)


@pytest.mark.parametrize(
    ("due", "now", "expected"),
    [
        (ny(11, 25, 10, 55), NOW, "in 40m"),
        (ny(11, 25, 12, 15), NOW, "in 2h"),
        (ny(11, 25, 11, 20), NOW, "in 1h 5m"),
        (ny(11, 25, 10, 0), NOW, "overdue 15m"),
        (ny(11, 25, 8, 15), NOW, "overdue 2h"),
        (ny(11, 25, 9, 10), NOW, "overdue 1h 5m"),
        (ny(11, 23, 7, 15), NOW, "overdue 2d 3h"),
        (ny(11, 25, 10, 15), NOW, "due now"),
        (dt.datetime(2026, 11, 25, 10, 15, 50, tzinfo=NY), NOW, "due now"),
        (dt.datetime(2026, 11, 25, 10, 14, 10, tzinfo=NY), NOW, "due now"),
        (ny(11, 25, 17), NOW, "today 17:00"),
        (ny(11, 26, 7), NOW, "tomorrow 07:00"),
        (ny(11, 26, 7), LATE, "tomorrow 07:00"),
        (ny(11, 26, 0, 15), LATE, "in 45m"),
        (ny(11, 30, 8), NOW, "Mon 08:00"),
        (ny(12, 1, 23, 59), NOW, "Tue 23:59"),
        (ny(12, 2, 8), NOW, "2 Dec 08:00"),
        (ny(12, 3, 14, 30), NOW, "3 Dec 14:30"),
        (ny(1, 3, 9, year=2027), NOW, "3 Jan 2027 09:00"),
        (dt.datetime(2026, 11, 25, 20, 15, tzinfo=UTC), NOW, "in 5h"),  # other zone: compared as instants
    ],
)
def test_describe_due(due: dt.datetime, now: dt.datetime, expected: str) -> None:
    assert describe_due(due, now) == expected


def test_describe_due_across_dst_uses_real_elapsed_time() -> None:
    due = dt.datetime(2026, 3, 8, 3, 30, tzinfo=NY)  # 1h30m after 01:00 EST, though 2h30m on the wall clock
    assert describe_due(due, dt.datetime(2026, 3, 8, 1, 0, tzinfo=NY)) == "in 1h 30m"


def test_parse_then_describe_round_trip() -> None:
    assert describe_due(parse_when("in 2h", NOW), NOW) == "in 2h"
    assert describe_due(parse_when("tomorrow 7am", NOW), NOW) == "tomorrow 07:00"
    assert describe_due(parse_when("mon", NOW), NOW) == "Mon 08:00"


# ---------------------------------------------------------------- property tests

ZONES = [NY, UTC, ZoneInfo("Australia/Lord_Howe"), ZoneInfo("Asia/Kolkata"), ZoneInfo("Europe/London")]
nows = st.datetimes(
    min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1),
    timezones=st.sampled_from(ZONES), allow_imaginary=False,
)
VOCAB = ["in", "at", "next", "week", "tomorrow", "today", "tonight", "eod", "mon", "fri", "dec", "3", "8", "0",
         "-2h", "2h", "30m", "1h30m", "99999999999", "days", "4pm", "13pm", "16:00", "25:00", "noon", "midnight",
         "2026-12-03", "2026-02-30", "10000-01-01", "12/03", "3rd", "t14:30", "p.m.", "feb", "29", "", " ", "\n"]


def _floor_minute(value: dt.datetime) -> dt.datetime:
    return value.replace(second=0, microsecond=0)


def _check_outcome(text: str, now: dt.datetime) -> None:
    try:
        result = parse_when(text, now)
    except DateParseError as err:
        assert "\n" not in str(err)
        assert str(err).startswith("Could not understand '")
    else:
        assert isinstance(result, dt.datetime)
        assert result.tzinfo is not None and result.utcoffset() is not None


@settings(max_examples=300)
@given(text=st.text(), now=nows)
def test_any_text_returns_aware_or_raises_date_parse_error(text: str, now: dt.datetime) -> None:
    _check_outcome(text, now)


@settings(max_examples=300)
@given(words=st.lists(st.sampled_from(VOCAB), max_size=5), now=nows)
def test_any_vocabulary_mix_returns_aware_or_raises_date_parse_error(words: list[str], now: dt.datetime) -> None:
    _check_outcome(" ".join(words), now)


times = st.one_of(
    st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59)),
    st.builds(lambda h, ap: f"{h}{ap}", st.integers(1, 12), st.sampled_from(["am", "pm", " am", " PM"])),
    st.builds(lambda h, m, ap: f"{h}:{m:02d}{ap}", st.integers(1, 12), st.integers(0, 59), st.sampled_from(["am", "pm"])),
    st.builds(lambda h: f"at {h}", st.integers(0, 23)),
    st.sampled_from(["noon", "midnight"]),
)
weekdays = st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "thurs", "sunday"])
units = st.sampled_from(["m", "min", " minutes", "h", " hours", "d", " days", "w", " weeks"])
future_phrases = st.one_of(
    times,
    weekdays,
    st.builds(lambda w, t: f"{w} {t}", weekdays, times),
    st.builds(lambda t: f"tomorrow {t}", times),
    st.builds(lambda n, u: f"in {n}{u}", st.integers(0, 500), units),
    st.builds(lambda w: f"next {w}", weekdays),
    st.just("next week"),
)


@settings(max_examples=300)
@given(phrase=future_phrases, now=nows)
def test_future_phrases_are_aware_and_not_in_the_past(phrase: str, now: dt.datetime) -> None:
    result = parse_when(phrase, now)
    assert result.utcoffset() is not None
    assert result.astimezone(UTC) >= _floor_minute(now).astimezone(UTC)
    assert result.astimezone(UTC) - now.astimezone(UTC) <= dt.timedelta(weeks=500 + 2)


@settings(max_examples=300)
@given(phrase=st.one_of(times, weekdays, st.builds(lambda w, t: f"{w} {t}", weekdays, times)), now=nows)
def test_bare_times_and_weekdays_are_within_a_week(phrase: str, now: dt.datetime) -> None:
    delta = parse_when(phrase, now).astimezone(UTC) - _floor_minute(now).astimezone(UTC)
    assert dt.timedelta(0) <= delta <= dt.timedelta(days=7, hours=2)


@settings(max_examples=300)
@given(minutes=st.integers(0, 100_000), spelling=st.sampled_from(["min", " min", "m", " minutes"]), now=nows)
def test_in_n_minutes_is_now_plus_n_truncated(minutes: int, spelling: str, now: dt.datetime) -> None:
    result = parse_when(f"in {minutes}{spelling}", now)
    expected = _floor_minute(now).astimezone(UTC) + dt.timedelta(minutes=minutes)
    assert result.astimezone(UTC) == expected
    assert result.tzinfo is now.tzinfo
