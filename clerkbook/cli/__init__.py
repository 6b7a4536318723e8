"""The ``clerkbook`` command: quick capture from any shell, and the app's launcher.

Sub-commands open the notebook only when they run, and the full-screen app is
imported only when it is launched, so ``clerkbook add todo`` stays quick.
"""

from __future__ import annotations

import sys

import click

from clerkbook import __version__
from clerkbook.cli.state import CliState, NotebookGroup, UserError


@click.group(cls=NotebookGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    metavar="PATH",
    type=click.Path(dir_okay=False),
    help="Notebook file to use (default: $CLERKBOOK_DB, else the user data folder).",
)
@click.version_option(__version__, "--version", prog_name="clerkbook", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None) -> None:
    """clerkbook: a keyboard-first notebook for clinical clerkships.

    Run without a command to open the full-screen notebook.
    """
    ctx.obj = CliState(db_path)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        from clerkbook.ui import run_app

        # A file that is not a notebook, or is from a newer clerkbook, is refused before the screen changes;
        # the full open (and the database layer's import) happens behind the first frame.
        ctx.obj.check()
        problem = run_app(ctx.obj.notebook)
        if problem:
            raise UserError(problem)


def _register() -> None:
    from clerkbook.cli import admin, capture, clerkship, clerkship_people, crypt, exchange, quick, search
    from clerkbook.cli.checklist import checklist
    from clerkbook.cli.daily import daily
    from clerkbook.cli.rotation_end import rotation_end
    from clerkbook.cli.signout import signout

    for command in (capture.add, capture.list_cmd, capture.done, admin.rotation, admin.demo, admin.backup,
                    quick.capture, exchange.export_cmd, exchange.import_cmd, search.search_cmd, crypt.encrypt,
                    crypt.decrypt, clerkship.procedure, clerkship.feedback, clerkship_people.letter,
                    clerkship_people.contact, clerkship_people.reminders, checklist, daily, signout):
        cli.add_command(command)
    admin.rotation.add_command(rotation_end)


_register()


def main() -> None:
    """Entry point of the ``clerkbook`` console script.

    Every mistake, usage errors included, is one line on stderr and a non-zero
    exit; click's standalone mode would print a four-line usage block instead.
    """
    try:
        cli.main(prog_name="clerkbook", standalone_mode=False)
    except click.UsageError as exc:
        hint = f" (see: {exc.ctx.command_path} --help)" if exc.ctx is not None else ""
        message = " ".join(exc.format_message().split())  # click lists choices over several lines
        click.echo(f"clerkbook: {message}{hint}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("clerkbook: stopped.", err=True)
        sys.exit(130)
