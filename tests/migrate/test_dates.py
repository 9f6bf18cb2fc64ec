"""Dates as Eleventy, Hugo and Jekyll posts write them, and dates from file names.

The property tests write a moment in every form the parser claims to read and check the same
instant comes back; the forms come from real posts (WordPress-to-Jekyll exports write
`2014-02-03 10:00:00 +00:00 -0400`-style dates; Hugo archetypes write RFC 3339; old Jekyll and
Hugo posts write `February 3, 2014`).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.dates import date_from_file_name, parse_date
from tests.kit.sites import TmpSite, problems_text

UTC = dt.timezone.utc
relaxed = settings(deadline=None)  # CI machines are shared: time is not what these tests check
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

moments = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 12, 31)).map(
    lambda m: m.replace(microsecond=0))
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda minutes: dt.timedelta(minutes=minutes))


def offset_text(delta: dt.timedelta, colon: bool) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}" if colon else f"{sign}{hours:02d}{rest:02d}"


@relaxed
@given(moments, offsets, st.booleans(), st.sampled_from(["T", " "]))
def test_a_written_offset_is_that_instant(moment: dt.datetime, delta: dt.timedelta, colon: bool, sep: str) -> None:
    text = moment.strftime(f"%Y-%m-%d{sep}%H:%M:%S ") + offset_text(delta, colon)
    parsed = parse_date(text, dt.timezone(dt.timedelta(hours=5)))
    assert parsed == moment.replace(tzinfo=dt.timezone(delta))


@relaxed
@given(moments, offsets, offsets)
def test_jekyll_reads_the_first_of_two_zones(moment: dt.datetime, first: dt.timedelta, second: dt.timedelta) -> None:
    """Ruby's Time.parse (which Jekyll calls) takes the zone written right after the time."""
    text = f"{moment:%Y-%m-%d %H:%M:%S} {offset_text(first, True)} {offset_text(second, False)}"
    assert parse_date(text, UTC) == moment.replace(tzinfo=dt.timezone(first))


@relaxed
@given(moments, st.sampled_from(["Europe/Warsaw", "America/New_York", "Asia/Tokyo", "UTC"]))
def test_a_time_without_zone_is_read_in_the_sites_zone(moment: dt.datetime, name: str) -> None:
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(name)
    assert parse_date(f"{moment:%Y-%m-%d %H:%M:%S}", tz) == moment.replace(tzinfo=tz)
    assert parse_date(f"{moment:%Y-%m-%d}", tz) == dt.datetime(moment.year, moment.month, moment.day, tzinfo=tz)


@relaxed
@given(moments, st.sampled_from(["{d} {M} {y}", "{M} {d}, {y}", "{m3} {d} {y}", "{d} {m3} {y}"]))
def test_month_names_as_hugo_and_jekyll_posts_write_them(moment: dt.datetime, form: str) -> None:
    name = MONTHS[moment.month - 1]
    text = form.format(d=moment.day, M=name, m3=name[:3], y=moment.year)
    assert parse_date(text, UTC) == dt.datetime(moment.year, moment.month, moment.day, tzinfo=UTC)


@relaxed
@given(moments)
def test_rfc_2822_dates_from_feeds_and_wordpress(moment: dt.datetime) -> None:
    from email.utils import format_datetime

    text = format_datetime(moment.replace(tzinfo=UTC))  # "Mon, 03 Feb 2014 10:00:00 +0000"
    assert parse_date(text, dt.timezone(dt.timedelta(hours=3))) == moment.replace(tzinfo=UTC)


@relaxed
@given(st.text(max_size=40))
def test_anything_else_is_a_value_error_or_a_date(text: str) -> None:
    try:
        parsed = parse_date(text, UTC)
    except ValueError as exc:
        assert str(exc)
    else:
        assert parsed.tzinfo is not None


@relaxed
@given(moments)
def test_the_file_name_date_is_midnight_of_that_day(moment: dt.datetime) -> None:
    stem = f"{moment:%Y-%m-%d}-a-post"
    assert date_from_file_name(stem, UTC) == dt.datetime(moment.year, moment.month, moment.day, tzinfo=UTC)


@pytest.mark.parametrize("value, expected", [
    ("2014-02-03 10:00:00 +00:00 -0400", "2014-02-03T10:00:00+00:00"),
    ("2014-02-03 10:00:00 -0400", "2014-02-03T14:00:00+00:00"),
    ("2013-03-14 23:42:50 +11:00", "2013-03-14T12:42:50+00:00"),
    ("2011-12-01 10:00:00.000000000 -05:00", "2011-12-01T15:00:00+00:00"),
    ("2009-03-27 20:30 PST", "2009-03-28T04:30:00+00:00"),
    ("2017-07-04T18:44:41+01:00", "2017-07-04T17:44:41+00:00"),
    ("2014/2/3", "2014-02-03T00:00:00+00:00"),
    ("Mon, 03 Feb 2014 10:00:00 GMT", "2014-02-03T10:00:00+00:00"),
])
def test_dates_from_real_posts(value: str, expected: str) -> None:
    assert parse_date(value, UTC).astimezone(UTC).isoformat() == expected


@pytest.mark.parametrize("stem", ["2014-13-01-x", "20140203-x", "a-2014-02-03", "2014-02-30-x"])
def test_a_name_without_a_real_date_gives_none(stem: str) -> None:
    assert date_from_file_name(stem, UTC) is None


def test_a_post_without_date_is_dated_by_its_file_name(site: TmpSite) -> None:
    site.post("2014-02-03-hello.md", date=None)
    site.write("content/posts/2019-05-06-bundle/index.md", "---\ntitle: Bundle\n---\nText\n")
    result = site.build()
    page = site.html("posts/hello/index.html")
    assert page.times[0].startswith("2014-02-03T00:00:00")
    assert site.html("posts/bundle/index.html").times[0].startswith("2019-05-06")
    assert not [p for p in result.problems.warnings if "date" in p.message], problems_text(result.problems)


def test_an_undated_post_is_a_warning_naming_the_file(site: TmpSite) -> None:
    site.post("no-date.md", date=None)
    result = site.build()
    assert any(p.file == "content/posts/no-date.md" and "no date" in p.message for p in result.problems.warnings)


def test_every_unreadable_date_is_reported_with_file_and_line(site: TmpSite) -> None:
    site.post("one.md", date="April 2")
    site.post("two.md", date="2014-02-31")
    site.write("content/posts/three.md", '+++\ntitle = "T"\ndate = "yesterday"\n+++\nBody\n')
    problems = site.fail()
    found = {(p.file, p.line) for p in problems.errors}  # 2014-02-31 is refused by YAML itself, at its line
    assert found == {("content/posts/one.md", 3), ("content/posts/two.md", 3), ("content/posts/three.md", 3)}, \
        problems_text(problems)


def test_eleventy_named_dates_come_from_the_file_and_its_git_history(site: TmpSite) -> None:
    """`date: Last Modified` / `Created` / `git Last Modified` / `git Created`, often set for a whole
    folder in its data file (`posts/posts.json`), as Eleventy's docs show."""
    import os
    import shutil
    import subprocess

    site.write("content/posts/posts.json", '{"date": "git Created"}\n')
    site.write("content/posts/old.md", "---\ntitle: Old\n---\nText\n")
    site.write("content/posts/touched.md", "---\ntitle: Touched\ndate: Last Modified\n---\nText\n")
    site.write("content/posts/fresh.md", "---\ntitle: Fresh\n---\nNot committed yet\n")
    os.utime(site.root / "content/posts/touched.md", (1_600_000_000, 1_600_000_000))  # 2020-09-13
    git = shutil.which("git")
    assert git, "git is needed by this test (scripts/test.sh relies on it being there, as CI clones with it)"
    env = {**os.environ, "GIT_AUTHOR_DATE": "2019-04-01T12:00:00+00:00", "GIT_COMMITTER_DATE": "2019-04-01T12:00:00+00:00",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    for command in (["init", "-q"], ["add", "content/posts/old.md", "content/posts/touched.md"],
                    ["commit", "-q", "-m", "first"]):
        subprocess.run([git, *command], cwd=site.root, env=env, check=True)
    result = site.build()
    assert "2019-04-01" in site.read("posts/old/index.html")  # its first commit
    assert "2020-09-13" in site.read("posts/touched/index.html")  # its own front matter: the file's time
    warned = [p for p in result.problems.warnings if p.file == "content/posts/fresh.md"]
    assert warned and "Git" in warned[0].message  # uncommitted: the file's time, with a warning
