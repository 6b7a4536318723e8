"""The ``clerkbook`` command: quick capture from any shell, and the app's launcher.

Sub-commands open the notebook only when they run, and the full-screen app is
imported only when it is launched, so ``clerkbook add todo`` stays quick.
"""

from __future__ import annotations

import sys
from functools import partial

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
        from clerkbook.store.paths import resolve_db_path
        from clerkbook.ui import run_app

        # A file that is not a notebook, or is from a newer clerkbook, is refused before the screen changes;
        # the shift is read with plain sqlite3, and the full open (importing the database layer) follows.
        ctx.obj.check()
        path, _ = resolve_db_path(db_path)
        # An encrypted notebook's passphrase goes to the reader too, once the state carries one.
        problem = run_app(ctx.obj.notebook,
                          reader=partial(_shift_reader, path, getattr(ctx.obj, "passphrase", None)))
        if problem:
            raise UserError(problem)


def _shift_reader(path, passphrase):
    from clerkbook.store.shift_read import open_shift_reader

    return open_shift_reader(path, passphrase)


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
