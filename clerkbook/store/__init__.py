"""Persistence: opening the notebook file, migrations, queries and backups.

Nothing here imports textual; the app and the command line call these
functions and never write SQL themselves.
"""

from typing import TYPE_CHECKING

from clerkbook.store.errors import (
    InvalidInput,
    NewerSchemaError,
    NoCurrentRotation,
    NotAClerkbookFile,
    NotebookError,
    NotebookFileError,
    NotFound,
)

if TYPE_CHECKING:
    from clerkbook.store.notebook import Notebook, open_notebook


def __getattr__(name: str):
    # The notebook pulls in SQLAlchemy (a third of a second); the errors above must stay cheap to import.
    if name in ("Notebook", "open_notebook"):
        from clerkbook.store import notebook

        value = getattr(notebook, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'clerkbook.store' has no attribute '{name}'")

__all__ = [
    "InvalidInput",
    "NewerSchemaError",
    "NoCurrentRotation",
    "NotAClerkbookFile",
    "NotFound",
    "Notebook",
    "NotebookError",
    "NotebookFileError",
    "open_notebook",
]
