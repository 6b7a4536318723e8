"""Locking the app: one key, or idle time, hides everything behind the lock screen; an encrypted
notebook is unlocked with its passphrase when the app starts.

A mixin for :class:`~clerkbook.ui.app.ClerkbookApp`, kept apart so the app module stays about the
notebook. While locked, no app action runs (but quit) and notifications wait for the unlock.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Callable

from textual import events
from textual.binding import Binding

# Priority: locking must work from inside an editor or a dialog, at once.
LOCK_BINDING = Binding("ctrl+l", "lock", "Lock", id="app.lock", priority=True, show=False,
                       tooltip="Hide everything behind a lock screen")


class LockingMixin:
    """The lock key, the idle lock and what is held back while locked."""

    #: Actions that still run while the lock screen is up.
    ALLOWED_WHILE_LOCKED = frozenset({"quit"})

    def _init_locking(self, unlock: Callable[[str], str | None] | None, unlock_label: str,
                      passphrase: str | None = None) -> None:
        #: Checks a passphrase to unlock an encrypted notebook (None: any key unlocks).
        self.unlock_check = None
        if passphrase is not None:  # known already ($CLERKBOOK_PASSPHRASE): the lock screen still asks for it
            self._remember_passphrase(passphrase)
        # Screens that workers or timers push while locked wait here, so nothing shows above the lock screen.
        self._held_screens: list[tuple[tuple, dict]] = []
        # An encrypted notebook whose passphrase is not known yet: nothing reads the file until it is.
        self._start_unlock = unlock
        self._unlock_label = unlock_label
        self._readable = threading.Event()
        self._abandoned = False
        if unlock is None:
            self._readable.set()
        self._locked = False
        self._last_input = time.monotonic()
        # Notifications that arrive while locked wait for the unlock: a toast must not show on the lock screen.
        self._held_notifications: list[tuple[tuple, dict]] = []

    def _start_idle_lock(self) -> None:
        if self.settings.lock_after:
            self.set_timer(self.settings.lock_after, self._idle_check)
        if self._start_unlock is not None:
            from clerkbook.ui.screens.passphrase import PassphraseScreen

            self.push_screen(PassphraseScreen(self._unlock_label, verify=self._start_unlock),
                             callback=self._passphrase_given)

    def _passphrase_given(self, passphrase: str | None) -> None:
        if passphrase is None:
            self._abandoned = True  # readers waiting for the file give up, and the app ends quietly
            self._readable.set()
            self.exit()
            return
        self._remember_passphrase(passphrase)
        self._readable.set()

    def _remember_passphrase(self, passphrase: str) -> None:
        # The lock screen compares with the passphrase already proven right, in constant time.
        secret = passphrase.encode()
        self.unlock_check = lambda typed: hmac.compare_digest(typed.encode(), secret)

    def wait_readable(self) -> bool:
        """From a worker: wait until the notebook may be read (its passphrase given); False if the user quit."""
        self._readable.wait()
        return not self._abandoned

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._last_input = time.monotonic()
        await super().on_event(event)

    def _idle_check(self) -> None:
        # One timer at a time, re-armed for what is left of the idle period: no polling while idle.
        idle_for = time.monotonic() - self._last_input
        remaining = self.settings.lock_after - idle_for
        if remaining <= 0:
            self.action_lock()
            remaining = self.settings.lock_after
        self.set_timer(max(remaining, 1.0), self._idle_check)

    @property
    def is_locked(self) -> bool:
        """True while the lock screen is up."""
        return self._locked

    def action_lock(self) -> None:
        """Hide every pane behind the lock screen, saving what the editors hold first."""
        from clerkbook.ui.screens.lock import LockScreen

        if self._locked:
            return
        self._locked = True
        self.save_editors()
        self.clear_notifications()
        self.push_screen(LockScreen(self.unlock_check), callback=self._unlocked)

    def push_screen(self, screen, *args, **kwargs):
        """Push ``screen``; while locked, hold it (and show it after the unlock) unless it is the lock itself."""
        from clerkbook.ui.screens.lock import LockScreen

        if self._locked and not isinstance(screen, LockScreen):
            from textual.await_complete import AwaitComplete

            self._held_screens.append(((screen, *args), kwargs))
            return AwaitComplete()  # awaitable like a real push, done at once
        return super().push_screen(screen, *args, **kwargs)

    def _unlocked(self, _result: None) -> None:
        self._locked = False
        held_screens, self._held_screens = self._held_screens, []
        for args, kwargs in held_screens:
            self.push_screen(*args, **kwargs)
        self._last_input = time.monotonic()
        held, self._held_notifications = self._held_notifications, []
        for args, kwargs in held:
            super().notify(*args, **kwargs)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in self.ALLOWED_WHILE_LOCKED and self.is_locked:
            return False
        return super().check_action(action, parameters)

    def notify(self, *args, **kwargs) -> None:
        """Show a notification, or hold it until the unlock while the lock screen is up."""
        if self.is_locked:
            self._held_notifications.append((args, kwargs))
            return
        super().notify(*args, **kwargs)

