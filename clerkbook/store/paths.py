"""Where the notebook lives, and keeping its folder and file private."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from clerkbook.store.errors import NotebookFileError

ENV_VAR = "CLERKBOOK_DB"
DB_FILENAME = "clerkbook.db"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def default_db_path() -> Path:
    """The notebook in the platform's user data folder (e.g. ~/.local/share/clerkbook)."""
    # Imported here: platformdirs is only needed when no path was given.
    from platformdirs import user_data_path

    return user_data_path("clerkbook", appauthor=False) / DB_FILENAME


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> tuple[Path, bool]:
    """The notebook path to use: ``--db`` first, then ``$CLERKBOOK_DB``, then the default.

    Returns the path and whether it is the default one (whose folder clerkbook may
    create; a folder the user named must already exist, so a typo makes no folders).
    """
    if explicit:
        return Path(explicit).expanduser(), False
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser(), False
    return default_db_path(), True


def ensure_private_dir(folder: Path) -> None:
    """Create ``folder`` (and parents) readable by its owner only."""
    try:
        folder.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        # mkdir's mode is filtered by the umask; ask again explicitly.
        os.chmod(folder, PRIVATE_DIR_MODE)
    except OSError as exc:
        raise NotebookFileError(f"Cannot make the folder {folder}: {exc.strerror or exc}.") from None


def create_private_file(path: Path) -> None:
    """Create an empty file at ``path`` with mode 0600, or tighten an existing one.

    Creating the file before SQLite does means it is never, even for a moment,
    readable by others; SQLite gives its -wal and -shm files the same mode.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE)
    except FileNotFoundError:
        raise NotebookFileError(f"Folder {path.parent} does not exist.") from None
    except PermissionError:
        raise NotebookFileError(f"Cannot create {path}: permission denied.") from None
    os.close(fd)
    tighten_file_mode(path)


def tighten_file_mode(path: Path) -> None:
    """Remove any group/other permission from an existing notebook file we own."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077 and path.stat().st_uid == os.getuid():
            os.chmod(path, mode & 0o700)
    except OSError:
        # A read-only mount or a file owned by someone else: leave it as it is.
        pass


def is_writable(path: Path) -> bool:
    """True when the notebook at ``path`` and its folder may be written (for its -wal, journal and backups).

    The owner's write bit counts even for root, who could write anyway: a file or folder marked
    read-only is one the user asked us not to change.
    """
    for target in (path, path.parent):
        try:
            mode = target.stat().st_mode
        except OSError:
            return False
        if not mode & stat.S_IWUSR or not os.access(target, os.W_OK):
            return False
    return True
