"""The PHI guard on a second core: a forked child scans the document while the parent renders it.

Scanning and rendering a large notebook each take about a second and neither needs the other until the end,
so a command-line export forks once: the child runs :func:`scan_document` and sends its findings back through
a pipe, the parent renders meanwhile, and nothing is written before the findings are in. Whatever goes wrong
in the child (no fork on this system, a crash, a garbled reply), the parent scans the document itself: the
guard always runs to the end. A process with other threads (the app's workers) never forks.
"""

from __future__ import annotations

import os
import pickle
import threading
from typing import Callable

from clerkbook.domain.export.guard import DocFinding, scan_document

__all__ = ["scan_alongside"]


def scan_alongside(doc: dict) -> Callable[[], list[DocFinding]] | None:
    """Start scanning ``doc`` in a forked child; the returned function waits for the findings of
    :func:`scan_document` (and must be called, to reap the child). None when this process should not fork:
    it has other threads, or cannot.
    """
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return None
    try:
        reader, writer = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
    if pid == 0:  # the child: scan, reply, and leave without running any of the parent's clean-up
        status = 1
        try:
            os.close(reader)
            data = memoryview(pickle.dumps(scan_document(doc), protocol=pickle.HIGHEST_PROTOCOL))
            while data:
                data = data[os.write(writer, data):]
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    return lambda: _reply(pid, reader, doc)


def _reply(pid: int, reader: int, doc: dict) -> list[DocFinding]:
    chunks = []
    try:
        while chunk := os.read(reader, 1 << 20):
            chunks.append(chunk)
    except OSError:
        chunks = []
    finally:
        os.close(reader)
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        status = -1
    if status == 0 and chunks:
        try:
            findings = pickle.loads(b"".join(chunks))
        except Exception:  # noqa: BLE001 - a garbled reply is no reply: scan here instead
            findings = None
        if isinstance(findings, list) and all(isinstance(f, DocFinding) for f in findings):
            return findings
    return scan_document(doc)
