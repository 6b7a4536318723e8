"""Live refresh: noticing what other processes commit to the open notebook.

A second window or ``clerkbook add todo`` in a shell writes through its own
connection. ``PRAGMA data_version`` on the app's reader connection changes when
any other connection commits, this app's own writer included; the app's own
writes reload the screens by themselves, so after each one the watcher is told
the version it has already seen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class NotebookWatcher:
    """Every ``interval`` seconds, asks ``reader()`` for its data version and calls ``changed()`` if it moved.

    A plain daemon thread sleeping between looks: a Textual interval would wake the event loop each time,
    and a busy database lock must never stall the UI thread. ``changed`` is called from that thread.
    """

    def __init__(self, reader: Callable[[], Any], changed: Callable[[], None], interval: float) -> None:
        self._reader = reader
        self._changed = changed
        self._interval = interval
        self._stop = threading.Event()
        self._seen: int | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start looking."""
        threading.Thread(target=self._run, name="notebook watcher", daemon=True).start()

    def stop(self) -> None:
        """Stop looking (the thread ends within one interval)."""
        self._stop.set()

    def seen_now(self) -> None:
        """Take the current version as seen: after this app's own write, or a reader newly opened."""
        version = self._version()
        if version is not None:
            with self._lock:
                self._seen = version

    def _version(self) -> int | None:
        reader = self._reader()
        if reader is None:
            return None
        try:
            return reader.data_version()
        except Exception:  # noqa: BLE001 - a locked, closed or vanished file: look again next time
            return None

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            version = self._version()
            if version is None:
                continue
            with self._lock:
                moved = self._seen is not None and version != self._seen
                self._seen = version
            if moved:
                self._changed()
