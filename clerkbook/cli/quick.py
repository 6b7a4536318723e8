"""``clerkbook capture``: one line in the capture grammar, saved as a to-do, teaching point or question."""

from __future__ import annotations

import click

from clerkbook.cli.state import CliState, UserError, pass_state


# Stop reading options at the first word, so "--" and "-" inside the line ("text -- Dr K") are kept as text.
@click.command("capture", context_settings={"allow_interspersed_args": False})
@click.argument("line", metavar="LINE...", nargs=-1, required=True)
@pass_state
def capture(state: CliState, line: tuple[str, ...]) -> None:
    """Save one line typed the way the app's capture line reads it.

    \b
    Examples:
      clerkbook capture t B12: f/u K+ @4pm
      clerkbook capture "p #cardio Beta-blockers after MI reduce mortality — Dr K"
      clerkbook capture "q Why spironolactone in HFrEF?"

    \b
    t = to-do: optional kind word (lab, imaging, consult, task, fu), optional
        "BED:" patient, due time after " @" ("@4pm", "@tomorrow 7am", "@in 2h").
    p = teaching point: #tags (the first is the topic), source after a final
        " — ", "p*" stars it.   q = question.

    Quotes are optional, except around characters the shell treats specially
    (# at the start of a word, *, ?, ', !, ;, &, <, >).
    """
    from clerkbook.domain.capture import CaptureError, parse_capture, save_capture
    from clerkbook.domain.clock import local_now

    now = local_now()
    try:
        parsed = parse_capture(" ".join(line), now)
    except CaptureError as err:
        # Parsed before the notebook is opened, so a bad line never creates or changes the file.
        raise UserError(str(err)) from None
    save_capture(state.notebook(), parsed)
    click.echo(f"Saved: {parsed.describe(now)}")
