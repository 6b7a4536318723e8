"""``clerkbook daily``: the daily learning log, one entry per day under four headings."""

from __future__ import annotations

import json

import click

from clerkbook.cli.clerkship import _JSON, day, short
from clerkbook.cli.output import echo_json, echo_table, row_json
from clerkbook.cli.state import CliState, UserError, pass_state
from clerkbook.models.kinds import DAILY_FIELDS, DAILY_PROMPTS


@click.group()
def daily() -> None:
    """The daily learning log: new diagnoses, management points, mistakes, questions for tomorrow."""


@daily.command("show")
@click.argument("when", metavar="[DAY]", required=False)
@_JSON
@pass_state
def daily_show(state: CliState, when: str | None, as_json: bool) -> None:
    """The entry for DAY: today (default), yesterday, mon, 'nov 20', 2026-11-20."""
    on = day(when, "DAY", default_today=True)
    entry = state.notebook().get_daily(on)
    if as_json:
        click.echo(json.dumps(row_json(entry) if entry is not None else None, indent=2, ensure_ascii=False))
        return
    if entry is None:
        click.echo(f"Nothing written for {on}: add with `clerkbook daily add --diagnoses TEXT` (or the app).")
        return
    click.echo(click.style(f"{on:%A} {on}", bold=True))
    for name in DAILY_FIELDS:
        click.echo(click.style(DAILY_PROMPTS[name], bold=True))
        text = getattr(entry, name).strip()
        click.echo("\n".join(f"  {line}" for line in text.splitlines()) if text else "  —")


@daily.command("add")
@click.option("--diagnoses", "-g", default="", help="New diagnoses I saw today.")
@click.option("--management", "-m", default="", help="Important management points.")
@click.option("--mistakes", "-x", default="", help="Mistakes I won't repeat.")
@click.option("--questions", "-q", default="", help="Questions to ask tomorrow.")
@click.option("--date", "-d", "when", metavar="DAY", help="Which day: today (default), yesterday, fri, 'nov 20'.")
@pass_state
def daily_add(state: CliState, diagnoses: str, management: str, mistakes: str, questions: str,
              when: str | None) -> None:
    """Add lines to a day's entry, under the headings given (what is there already stays)."""
    additions = {"diagnoses": diagnoses, "management": management, "mistakes": mistakes, "questions": questions}
    if not any(text.strip() for text in additions.values()):
        raise UserError("Nothing to add: give --diagnoses, --management, --mistakes or --questions.")
    on = day(when, "--date", default_today=True)
    entry = state.notebook().add_to_daily(on, additions)
    added = [name for name in DAILY_FIELDS if additions[name].strip()]
    others = [name for name in DAILY_FIELDS if name not in added and getattr(entry, name).strip()]
    click.echo(f"Added to the daily log for {on} under {', '.join(added)}"
               + (f" (already written: {', '.join(others)})." if others else "."))


@daily.command("list")
@click.option("--week", metavar="WEEK", help="Only this ISO week, such as 2026-W48.")
@click.option("--all", "show_all", is_flag=True, help="Every day written, not just the last two weeks.")
@_JSON
@pass_state
def daily_list(state: CliState, week: str | None, show_all: bool, as_json: bool) -> None:
    """Days written, the latest first (default: the last 14 days)."""
    from datetime import timedelta

    from clerkbook.domain.clock import local_now
    from clerkbook.domain.weeks import week_monday

    start = end = None
    if week is not None:
        try:
            start = week_monday(week)
        except ValueError:
            raise UserError(f"--week: '{week}' is not an ISO week like 2026-W48.") from None
        end = start + timedelta(days=6)
    elif not show_all:
        start = local_now().date() - timedelta(days=13)
    entries = state.notebook().list_daily(start=start, end=end)
    if as_json:
        echo_json([row_json(e) for e in entries])
        return
    if not entries:
        click.echo("No daily log entries" + (" that week." if week else " yet: `clerkbook daily add --diagnoses TEXT`."))
        return
    # How many lines under each heading, then the first line written: enough to find a day again.
    rows = [[str(e.entry_date), f"{e.entry_date:%a}"]
            + [str(len(getattr(e, name).strip().splitlines())) for name in DAILY_FIELDS]
            + [short(e.diagnoses or e.management or e.mistakes or e.questions, 50)] for e in entries]
    echo_table(["DAY", "", "DX", "MGMT", "MISTAKES", "QUESTIONS", "FIRST LINE"], rows)
