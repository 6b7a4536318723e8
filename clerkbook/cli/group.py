"""The ``clerkbook`` click group: every sub-command, and the launcher when none is given.

Sub-commands are imported only when they run, and open the notebook only then;
see :mod:`clerkbook.cli` for the entry point, which opens the app without click.
"""

from __future__ import annotations

import sys

import click

from clerkbook import __version__
from clerkbook.cli.state import CliState, NotebookGroup, UserError

#: Each sub-command and where it lives: imported only when it runs (or --help lists it), so opening the
#: app or ``clerkbook add todo`` does not pay for the others.
SUBCOMMANDS = {
    "add": "capture:add",
    "backup": "admin:backup",
    "capture": "quick:capture",
    "demo": "admin:demo",
    "done": "capture:done",
    "export": "exchange:export_cmd",
    "import": "exchange:import_cmd",
    "list": "capture:list_cmd",
    "rotation": "admin:rotation",
    "search": "search:search_cmd",
    "encrypt": "crypt:encrypt",
    "decrypt": "crypt:decrypt",
    "procedure": "clerkship:procedure",
    "feedback": "clerkship:feedback",
    "letter": "clerkship_people:letter",
    "contact": "clerkship_people:contact",
    "reminders": "clerkship_people:reminders",
    "checklist": "checklist:checklist",
    "daily": "daily:daily",
    "signout": "signout:signout",
}


class LazyGroup(NotebookGroup):
    """The top-level group, whose sub-commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(SUBCOMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in SUBCOMMANDS:
            import importlib

            module, attribute = SUBCOMMANDS[name].split(":")
            self.add_command(getattr(importlib.import_module(f"clerkbook.cli.{module}"), attribute), name)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
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
        from clerkbook.cli import launch

        launch(db_path, ctx.obj, UserError)


def main() -> None:
    """Run the click group on the command line.

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
