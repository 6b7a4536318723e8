"""What every sub-command shares: the notebook, opened once and on demand, and clean errors."""

from __future__ import annotations

import click

from clerkbook.store.errors import NotebookError


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


class CliState:
    """Holds the ``--db`` choice and opens the notebook the first time a command needs it."""

    def __init__(self, db_path: str | None) -> None:
        self.db_path = db_path
        self._notebook = None

    def notebook(self):
        """The open notebook (created or upgraded on first use)."""
        if self._notebook is None:
            from clerkbook.store import open_notebook

            self._notebook = open_notebook(self.db_path)
        return self._notebook

    def check(self) -> None:
        """Refuse, cheaply and before anything is written, a file that cannot be this program's notebook."""
        from clerkbook.store.paths import resolve_db_path
        from clerkbook.store.schema import inspect_file

        path, is_default = resolve_db_path(self.db_path)
        if is_default and not path.parent.exists():
            return  # a first start: the default folder is made when the notebook is opened
        try:
            inspect_file(path)
        except NotebookError as exc:
            raise UserError(str(exc)) from None

    def close(self) -> None:
        """Release the notebook, if it was opened."""
        if self._notebook is not None:
            self._notebook.close()
            self._notebook = None


pass_state = click.make_pass_decorator(CliState)
