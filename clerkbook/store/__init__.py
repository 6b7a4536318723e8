"""Persistence: opening the notebook file, migrations, queries and backups.

Nothing here imports textual; the app and the command line call these
functions and never write SQL themselves.
"""

from clerkbook.store.errors import (
    InvalidInput,
    NewerSchemaError,
    NoCurrentRotation,
    NotAClerkbookFile,
    NotebookError,
    NotebookFileError,
    NotFound,
)
from clerkbook.store.notebook import Notebook, open_notebook

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
