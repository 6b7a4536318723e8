"""Noticing that the terminal has gone away, so the app saves and quits instead of spinning.

Closing a terminal window normally sends SIGHUP, which ends the app. A pseudo-terminal can also vanish without
one (its owner died, or the app was not its session leader): every read of it then returns nothing at once,
and Textual's input thread would loop on that at a good share of a core, for ever. A poll of the terminal with
no events asked for reports only a hang-up, so this thread sleeps in the kernel until there is one.
"""

from __future__ import annotations

import os
import select
import sys
import threading
from collections.abc import Callable


def watch_for_hangup(fd: int, hung_up: Callable[[], None]) -> bool:
    """Call ``hung_up()`` (from a daemon thread) once terminal ``fd`` hangs up; False when it cannot be watched."""
    if not hasattr(select, "poll") or sys.platform == "darwin":
        # Windows has no pseudo-terminals to lose this way; macOS's poll() does not support terminals (it can
        # answer POLLNVAL at once), and mistaking that for a hang-up would end every session at start.
        return False
    try:
        if not os.isatty(fd):
            return False
    except OSError:
        return False

    def run() -> None:
        poller = select.poll()
        poller.register(fd, 0)  # no events asked for: only POLLHUP, POLLERR and POLLNVAL are reported
        while True:
            try:
                events = poller.poll()
            except InterruptedError:
                continue
            except OSError:
                return
            masks = [mask for _fd, mask in events]
            if any(mask & select.POLLHUP for mask in masks):
                hung_up()
                return
            if any(mask & (select.POLLERR | select.POLLNVAL) for mask in masks):
                return  # not a hang-up, and not something this poll can watch: leave the app alone

    threading.Thread(target=run, name="terminal hang-up watch", daemon=True).start()
    return True
