"""Autosave for the editors: debounced saves, saves on blur and on close, and a visible status.

Nothing typed may be lost. An editor never writes by itself: it hands its fields
to an :class:`Autosaver`, which queues saves on the app's single writer thread
(so they land in order) and shows what is going on in a :class:`SaveIndicator`.

"Dirty" is not a flag set by keystrokes: it is the difference between the
fields as shown and what the store holds (or is about to hold, once the saves
in flight are written). Loading text into a TextArea posts ``Changed`` like a
keystroke does; comparing values means such loads never count as edits, and a
failed save leaves its text dirty by itself, so the next trigger sends it again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

#: ``write(changes, reason, base)`` returns the store operation that saves ``changes``, made on top of
#: ``base`` (every field as the editor believes the store holds it when this save is written).
WriteFactory = Callable[[dict[str, Any], str, dict[str, Any]], Callable[[Any], Any]]


class SaveIndicator(Static):
    """One line saying where the editor's text stands: saved, saving, unsaved, or why a save failed."""

    DEFAULT_CSS = """
    SaveIndicator {
        width: auto;
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    SaveIndicator.-unsaved { color: $warning; }
    SaveIndicator.-saved { color: $success; }
    SaveIndicator.-error {
        color: $error;
        text-style: bold;
    }
    """

    STATES = ("idle", "saved", "saving", "unsaved", "error")

    def __init__(self, **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)
        self.state = "idle"

    def show_state(self, state: str, text: str) -> None:
        """Show ``text``, styled for ``state`` (one of :attr:`STATES`)."""
        self.state = state
        for name in self.STATES:
            self.set_class(name == state, f"-{name}")
        self.update(text)


class Autosaver:
    """The autosave rules one editor follows.

    ``owner`` is the editor screen (its timers die with it); ``snapshot()``
    returns the fields as shown now, ``{name: value}``; ``write`` builds the store
    operation for the fields that changed; ``indicator()`` finds the status line;
    ``on_failure(error)`` hears of failed saves (also those that fail after the
    editor closed); ``on_conflict()`` hears that a save found text another window had
    saved since (the store kept it as a revision). Nothing is saved before :meth:`load`
    has said what the store holds.
    """

    def __init__(self, owner: Widget, *, snapshot: Callable[[], Mapping[str, Any]], write: WriteFactory,
                 indicator: Callable[[], SaveIndicator | None],
                 on_failure: Callable[[str], None] | None = None,
                 on_conflict: Callable[[], None] | None = None) -> None:
        self.owner = owner
        self._snapshot = snapshot
        self._write = write
        self._indicator = indicator
        # Told about every failed save, even after the editor closed: it can reopen with the text.
        self._on_failure = on_failure
        self._on_conflict = on_conflict
        self._stored: dict[str, Any] | None = None
        # Payloads queued on the writer and not yet confirmed, oldest first.
        self._in_flight: list[dict[str, Any]] = []
        self._timer: Timer | None = None
        # Bumped when the editor switches to another record: late answers about
        # the previous one must not touch this one's state.
        self._generation = 0
        self.error: str | None = None
        #: Counts the baselines taken (loads and confirmed saves): a read begun at
        #: an older version may predate a save and must not be shown.
        self.version = 0
        self.idle_text = ""
        self.saved_at = None

    # State -----------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """Whether the stored values are known (the editor has loaded)."""
        return self._stored is not None

    @property
    def stored(self) -> dict[str, Any]:
        """What the store is known to hold, as of the last load or confirmed save."""
        return dict(self._stored or {})

    @property
    def saving(self) -> bool:
        """Whether a save is queued and not yet written."""
        return bool(self._in_flight)

    def _expected(self) -> dict[str, Any]:
        values = dict(self._stored or {})
        for payload in self._in_flight:
            values.update(payload)
        return values

    def changes(self) -> dict[str, Any]:
        """The fields whose shown value differs from what the store holds or is about to hold."""
        if self._stored is None:
            return {}
        expected = self._expected()
        return {name: value for name, value in self._snapshot().items() if expected.get(name) != value}

    @property
    def dirty(self) -> bool:
        """Whether anything shown is not saved (nor being saved)."""
        return bool(self.changes())

    # Events from the editor -------------------------------------------------------------

    def load(self, values: Mapping[str, Any], *, switched: bool = False) -> None:
        """The store holds ``values`` (just read, or just restored); they are the new baseline.

        ``switched`` means the editor now shows another record: saves still in
        flight for the previous one are forgotten here (the writer still writes them).
        """
        if switched:
            self._generation += 1
            self._in_flight.clear()
            self.error = None
            self.saved_at = None
        self._stored = dict(values)
        self.version += 1
        self.refresh()

    def unload(self) -> None:
        """Forget the baseline: the editor is loading another record, and nothing saves until :meth:`load`."""
        self._stop_timer()
        self._generation += 1
        self._in_flight.clear()
        self._stored = None
        self.error = None
        self.saved_at = None
        self.refresh()

    def changed(self) -> None:
        """A field changed: show it, and (re)start the countdown to the next save."""
        if self._stored is None:
            return
        self._stop_timer()
        if self.dirty:
            self._timer = self.owner.set_timer(self.owner.app.autosave_delay, self._countdown_done)
        self.refresh()

    def save(self, reason: str = "save") -> bool:
        """Queue a save of whatever changed since the last one; False if nothing had."""
        self._stop_timer()
        changes = self.changes()
        if not changes:
            if not self._in_flight:
                # The text is back to what is stored: a past failure has nothing left to lose.
                self.error = None
            self.refresh()
            return False
        generation = self._generation
        # Taken before queueing: the saves already in flight land first, so this is what the store will
        # hold when this one is written, unless another window writes in between.
        base = self._expected()
        self._in_flight.append(changes)
        self.owner.app.submit(
            self._write(changes, reason, base),
            then=lambda result: self._saved(generation, changes, result),
            on_error=lambda error: self._failed(generation, changes, error),
        )
        self.refresh()
        return True

    def flush(self, then: Callable[[], None], on_fail: Callable[[], None] | None = None) -> None:
        """Save, then call ``then`` once everything is written, or ``on_fail`` if a save failed.

        On failure the error stays shown and the text stays dirty (the caller stays open).
        """
        self.save()

        def drained() -> None:
            if self.error is not None and self.dirty:
                if on_fail is not None:
                    on_fail()
                return
            if self.dirty:
                # More was typed while the save was being written.
                self.flush(then, on_fail)
                return
            then()

        self.owner.app.after_writes(drained)

    def stop(self) -> None:
        """Cancel the countdown (the editor is going away and has saved)."""
        self._stop_timer()

    # Internals -------------------------------------------------------------------------

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _countdown_done(self) -> None:
        self._timer = None
        self.save("autosave")

    def _take(self, payload: dict[str, Any]) -> None:
        # Identity, not equality: two queued payloads may hold the same text.
        for index, queued in enumerate(self._in_flight):
            if queued is payload:
                del self._in_flight[index]
                return

    def _saved(self, generation: int, payload: dict[str, Any], result: Any = None) -> None:
        if getattr(result, "conflict", False) and self._on_conflict is not None:
            self._on_conflict()  # even for a record no longer shown: the user must hear of it
        if generation != self._generation:
            return
        self._take(payload)
        if self._stored is not None:
            self._stored.update(payload)
        self.version += 1
        self.error = None
        self.saved_at = self.owner.app.clock()
        self.refresh()

    def _failed(self, generation: int, payload: dict[str, Any], error: str) -> None:
        if generation != self._generation:
            return
        # Dropping the payload makes its fields differ from the stored values
        # again: still dirty, so the next trigger sends them once more.
        self._take(payload)
        self.error = error
        self.refresh()
        if self._on_failure is not None:
            self._on_failure(error)

    def refresh(self) -> None:
        """Bring the indicator up to date."""
        indicator = self._indicator()
        if indicator is None or not indicator.is_attached:
            return
        if self._in_flight:
            indicator.show_state("saving", "Saving…")
        elif self.error is not None:
            indicator.show_state("error", f"Not saved: {self.error}")
        elif self.dirty:
            indicator.show_state("unsaved", "Unsaved changes")
        elif self.saved_at is not None:
            indicator.show_state("saved", f"Saved {self.saved_at:%H:%M}")
        else:
            indicator.show_state("idle", self.idle_text)
