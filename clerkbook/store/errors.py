"""Errors the store raises for problems a user can understand and fix.

Every message is one line, written for the person at the keyboard; the command
line prints it as is and exits non-zero, the app shows it in a notification.
"""


class NotebookError(Exception):
    """A problem with the notebook or with what was asked of it."""


class NotebookFileError(NotebookError):
    """The notebook file cannot be used: missing folder, not a database, damaged."""


class NotAClerkbookFile(NotebookFileError):
    """The file is a database, or something else, that clerkbook did not create."""


class NewerSchemaError(NotebookFileError):
    """The file was written by a newer clerkbook than this one."""


class NotFound(NotebookError):
    """An id or label that names nothing in the notebook."""


class InvalidInput(NotebookError):
    """Input that cannot be stored as given: empty text, an unknown kind, ..."""


class NoCurrentRotation(NotebookError):
    """Something was added before any rotation exists."""


class InvalidDocument(NotebookError):
    """An export document that cannot be imported: malformed, from a newer clerkbook, or inconsistent.

    The message names where the problem is ("notes[3].kind: ..."); nothing has been written.
    """


class DamagedNotebook(NotebookFileError):
    """The file is a notebook whose pages cannot be read: truncated or overwritten."""


class ReadOnlyNotebook(NotebookError):
    """A write was asked of a notebook that is open read-only (its file or folder cannot be written)."""


class DiskFull(NotebookError):
    """A write failed because the disk is full or failing; nothing of it was saved."""
