"""What every sub-command shares: the notebook, opened once and on demand, and clean errors."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from clerkbook.store.errors import NotebookError

#: Tries at a passphrase typed in a terminal before giving up, as sudo does.
PASSPHRASE_TRIES = 3


class UserError(click.ClickException):
    """A one-line message for the user, exit status 1, no traceback."""

    def show(self, file=None) -> None:
        click.echo(f"clerkbook: {self.format_message()}", err=True, file=file)


class NotebookGroup(click.Group):
    """A group that turns store errors into one-line messages on stderr."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except NotebookError as exc:
            raise UserError(str(exc)) from None


def read_passphrase(prompt: str) -> str:
    """A passphrase typed in the terminal, not echoed; Ctrl+C or Ctrl+D stop the command."""
    import getpass

    try:
        return getpass.getpass(prompt)
    except (EOFError, KeyboardInterrupt):
        click.echo("", err=True)
        raise click.Abort() from None


def can_ask() -> bool:
    """True when a passphrase can be asked for: stdin is a terminal."""
    return sys.stdin is not None and sys.stdin.isatty()


class CliState:
    """Holds the ``--db`` choice and opens the notebook the first time a command needs it.

    An encrypted notebook's passphrase comes from ``$CLERKBOOK_PASSPHRASE`` or is
    asked for in the terminal; it is kept in memory only, for this process.
    """

    def __init__(self, db_path: str | None) -> None:
        self.db_path = db_path
        self._notebook = None
        #: The encrypted notebook's passphrase, once known to be right.
        self.passphrase: str | None = None

    def path(self) -> Path:
        """The notebook file this command works on."""
        from clerkbook.store.paths import resolve_db_path

        return resolve_db_path(self.db_path)[0]

    def is_encrypted(self) -> bool:
        """True when the notebook file looks encrypted (cheap: a stat and 16 bytes)."""
        from clerkbook.store.schema import looks_encrypted

        return looks_encrypted(self.path())

    def needs_passphrase(self) -> bool:
        """True when the notebook is encrypted and neither ``$CLERKBOOK_PASSPHRASE`` nor :meth:`unlock` gave one.

        The app's launcher asks with its own prompt when this is true, then calls :meth:`unlock`.
        """
        from clerkbook.store.connect import PASSPHRASE_ENV

        return self.passphrase is None and not os.environ.get(PASSPHRASE_ENV) and self.is_encrypted()

    def unlock(self, passphrase: str) -> None:
        """Check ``passphrase`` against the notebook and keep it; raises WrongPassphrase (a NotebookError)."""
        from clerkbook.store.schema import inspect_file

        inspect_file(self.path(), passphrase)
        self.passphrase = passphrase

    def ensure_passphrase(self) -> None:
        """Find the passphrase of an encrypted notebook: the environment, else asked in the terminal.

        Without either, or after wrong tries, a one-line UserError.
        """
        from clerkbook.store.connect import PASSPHRASE_ENV, WrongPassphrase

        if self.passphrase is not None or not self.is_encrypted():
            return
        from_env = os.environ.get(PASSPHRASE_ENV)
        if from_env:
            try:
                self.unlock(from_env)
            except WrongPassphrase:
                raise UserError(f"Wrong passphrase in {PASSPHRASE_ENV} for {self.path()}.") from None
            return
        path = self.path()
        if not can_ask():
            raise UserError(f"{path} is encrypted: set {PASSPHRASE_ENV} or run clerkbook in a terminal "
                            "to give its passphrase.")
        for attempt in range(PASSPHRASE_TRIES):
            try:
                self.unlock(read_passphrase(f"Passphrase for {click.format_filename(path)}: "))
                return
            except WrongPassphrase:
                if attempt < PASSPHRASE_TRIES - 1:
                    click.echo("Wrong passphrase, try again.", err=True)
        raise UserError(f"Wrong passphrase for {path}.")

    def notebook(self, daily_copy: bool = True):
        """The open notebook (created or upgraded on first use); ``daily_copy=False`` leaves today's backup
        to the caller (the app takes it in the background)."""
        if self._notebook is None:
            from clerkbook.store import open_notebook

            self.ensure_passphrase()
            self._notebook = open_notebook(self.db_path, passphrase=self.passphrase, daily_copy=daily_copy)
            for warning in self._notebook.warnings:
                click.echo(f"clerkbook: warning: {warning}", err=True)
        return self._notebook

    def check(self) -> None:
        """Refuse, cheaply and before anything is written, a file that cannot be this program's notebook.

        An encrypted notebook's passphrase is found (or asked for in the terminal) here, before the app starts.
        """
        from clerkbook.store.paths import resolve_db_path
        from clerkbook.store.schema import inspect_file

        path, is_default = resolve_db_path(self.db_path)
        if is_default and not path.parent.exists():
            return  # a first start: the default folder is made when the notebook is opened
        try:
            self.ensure_passphrase()
            inspect_file(path, self.passphrase)
        except NotebookError as exc:
            raise UserError(str(exc)) from None

    def close(self) -> None:
        """Release the notebook, if it was opened."""
        if self._notebook is not None:
            self._notebook.close()
            self._notebook = None


pass_state = click.make_pass_decorator(CliState)
