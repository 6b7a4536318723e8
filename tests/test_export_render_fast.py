"""The renderers' shortcuts give exactly what the long way gives: local days, Markdown blocks, YAML strings."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil.tz import gettz, tzlocal
from hypothesis import given, settings
from hypothesis import strategies as st

from clerkbook.domain.export.render_util import _YAML_UNSAFE, _block_lines, block, local_day, yaml_value

_ZONES = [timezone.utc, timezone(timedelta(hours=5, minutes=30)), ZoneInfo("America/New_York"),
          ZoneInfo("Australia/Lord_Howe"), ZoneInfo("Asia/Kathmandu"), ZoneInfo("America/Sao_Paulo"),
          ZoneInfo("Pacific/Apia"), tzlocal(), gettz("Europe/London"), gettz("America/St_Johns")]
_MOMENTS = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2090, 12, 31))


def _direct(stamp: str, tz) -> object:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(tz).date()


@settings(max_examples=3000, deadline=None)
@given(_MOMENTS, st.sampled_from(_ZONES))
def test_local_day_is_the_day_of_the_moment_in_the_zone(moment: datetime, tz) -> None:
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert local_day(stamp, tz) == _direct(stamp, tz)


def test_local_day_around_every_change_of_clocks() -> None:
    # Each minute of a day of changes in zones with whole-hour, half-hour and half-hour-DST changes.
    for tz, day in ((ZoneInfo("America/New_York"), "2026-11-01"), (ZoneInfo("America/New_York"), "2026-03-08"),
                    (ZoneInfo("Australia/Lord_Howe"), "2026-04-04"), (ZoneInfo("America/Sao_Paulo"), "2018-11-03"),
                    (ZoneInfo("Pacific/Apia"), "2011-12-29"), (gettz("America/New_York"), "2026-11-01")):
        start = datetime.fromisoformat(day + "T00:00:00")
        for minute in range(0, 48 * 60, 7):
            stamp = (start + timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            assert local_day(stamp, tz) == _direct(stamp, tz), (tz, stamp)


def test_local_day_of_other_shapes_still_parses() -> None:
    assert str(local_day("2026-11-25T23:30:00+00:00", ZoneInfo("Asia/Tokyo"))) == "2026-11-26"
    assert str(local_day("2026-11-25T23:30:00", ZoneInfo("Asia/Tokyo"))) == "2026-11-26"
    assert local_day("", timezone.utc) is None


_MARKDOWN = st.lists(st.sampled_from(["# ", "## ", "   #", "```", "~~~", "=", "==", "---", "-", " - ", "* ", "1. ",
                                      "<script>", "<!--", "> ", "    ", "text", "Plan", " ", "\t", "\n", "\r\n",
                                      "\r", "#tag", "a=b", "x < y", "`code`"]), max_size=30).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_MARKDOWN, st.text(max_size=80)), st.integers(0, 6), st.booleans())
def test_block_shortcut_changes_nothing(text: str, floor: int, headings: bool) -> None:
    normal = text.replace("\r\n", "\n").replace("\r", "\n")
    assert block(text, floor, headings=headings) == _block_lines(normal.split("\n"), floor, headings)


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=40))
def test_yaml_strings_are_json_strings_as_before(text: str) -> None:
    before = _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))
    assert yaml_value(text) == before
