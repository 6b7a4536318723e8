"""The ``clerkbook`` command: quick capture from any shell, and the app's launcher.

Sub-commands open the notebook only when they run, and the full-screen app is
imported only when it is launched, so ``clerkbook add todo`` stays quick. Plain
``clerkbook`` (or ``clerkbook --db PATH``) starts the app without even importing
click: what it would cost comes before the first frame.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clerkbook.cli.group import cli as cli


def main() -> None:
    """Entry point of the ``clerkbook`` console script."""
    db_path = _bare_launch(sys.argv[1:])
    if db_path is _NOT_BARE:
        from clerkbook.cli.group import main as click_main

        click_main()
        return
    launch(db_path)


_NOT_BARE = object()


def _bare_launch(args: list[str]):
    """The ``--db`` value if ``args`` only opens the app (None: the default notebook), else _NOT_BARE."""
    if not args:
        return None
    if len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > len("--db="):
        return args[0][len("--db="):]
    if len(args) == 2 and args[0] == "--db" and args[1] and not args[1].startswith("-"):
        return args[1]
    return _NOT_BARE  # anything else is click's to read, and to explain


def launch(db_path: str | None, state=None, error: type[Exception] | None = None) -> None:
    """Open the full-screen app on the notebook at ``db_path`` (None: ``$CLERKBOOK_DB`` or the default).

    A file that is not a notebook, or is from a newer clerkbook, is refused before the screen changes;
    the shift is read with plain sqlite3, and the full open (importing the database layer) follows
    behind the first frame. ``state`` is the command line's CliState when click called this; ``error``
    the exception class that reports a one-line problem (without click: printed here, exit status 1).
    """
    from clerkbook.store.connect import PASSPHRASE_ENV, WrongPassphrase
    from clerkbook.store.errors import NotebookError
    from clerkbook.store.paths import resolve_db_path
    from clerkbook.store.schema import inspect_file, looks_encrypted

    def fail(message: str):
        if error is not None:
            raise error(message)
        print(f"clerkbook: {message}", file=sys.stderr)
        sys.exit(1)

    path, is_default = resolve_db_path(db_path)
    # The passphrase of an encrypted notebook: the command line's, else $CLERKBOOK_PASSPHRASE, else the app
    # asks for it in its own prompt before anything is read.
    secret = {"passphrase": getattr(state, "passphrase", None)}
    unlock = None
    if path.exists() and looks_encrypted(path) and secret["passphrase"] is None:
        from_env = os.environ.get(PASSPHRASE_ENV)
        if from_env:
            try:
                inspect_file(path, from_env)
            except WrongPassphrase:
                fail(f"Wrong passphrase in {PASSPHRASE_ENV} for {path}.")
            except NotebookError as exc:
                fail(str(exc))
            secret["passphrase"] = from_env
        else:
            def unlock(passphrase: str) -> str | None:
                try:
                    inspect_file(path, passphrase)
                except WrongPassphrase:
                    return "Wrong passphrase; try again."
                except NotebookError as exc:
                    return str(exc)
                secret["passphrase"] = passphrase
                return None
    elif not (is_default and not path.parent.exists()):  # a first start: the folder is made on opening
        try:
            inspect_file(path, secret["passphrase"])
        except NotebookError as exc:
            fail(str(exc))
    holder = [state]

    def opener():
        # In the app's writer thread, after the first frame: importing click costs nothing there.
        if holder[0] is None:
            from clerkbook.cli.state import CliState

            holder[0] = CliState(db_path)
        holder[0].passphrase = secret["passphrase"]
        return holder[0].notebook(daily_copy=False)

    from clerkbook.ui import run_app

    try:
        problem = run_app(opener, reader=lambda: _shift_reader(path, secret["passphrase"]), unlock=unlock,
                          unlock_label=str(path), passphrase=secret["passphrase"])
    finally:
        if state is None and holder[0] is not None:
            holder[0].close()
    if problem:
        fail(problem)


def _shift_reader(path, passphrase):
    from clerkbook.store.shift_read import open_shift_reader

    return open_shift_reader(path, passphrase)


def __getattr__(name: str):
    # ``from clerkbook.cli import cli`` (tests, embedding): the click group, imported on demand.
    if name == "cli":
        from clerkbook.cli.group import cli

        return cli
    raise AttributeError(f"module 'clerkbook.cli' has no attribute '{name}'")
