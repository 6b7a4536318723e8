"""The quick-capture line: one line typed between patients becomes a to-do, point or question.

Nothing typed here is ever lost: a line that is not understood stays as typed with the reason
under it, and a line left with Escape comes back the next time the capture line opens. What is typed
reaches the notebook as a draft a second after the typing stops, so even a crash or a ``kill -9``
loses at most that second: the next capture line (in this run or the next) offers it back.
"""

from __future__ import annotations

import contextlib
import re

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Static

from clerkbook.domain.capture import (
    START_HINT,
    Capture,
    CaptureError,
    parse_capture,
    save_capture,
)
from clerkbook.store.draft_keys import CAPTURE_DRAFT
from clerkbook.store.errors import NotebookError
from clerkbook.ui.dialogs.text_prompt import keep_draft

HINT = "t B12: f/u K+ @4pm · p #cardio text — Dr K · q question"
RESTORED = "restored unsent text"


class DraftLoaded(Message):
    """A worker read the capture line's draft from the notebook (empty if there is none)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class CaptureScreen(ModalScreen[Capture | None]):
    """A one-line prompt docked at the bottom, prefilled with ``initial`` (or the unsaved draft).

    Dismisses with the :class:`Capture` queued for saving, or None on Escape. Up and Down recall
    lines captured earlier in this session.
    """

    DEFAULT_CSS = """
    CaptureScreen { align: center bottom; }
    CaptureScreen > Vertical {
        dock: bottom;
        width: 100%;
        height: auto;
        padding: 0 1;
        border-top: tall $primary;
        background: $panel;
    }
    CaptureScreen Input { margin: 0; }
    CaptureScreen #preview { height: auto; padding: 0 1; color: $text-success; }
    CaptureScreen #preview.-empty { color: $text-muted; }
    CaptureScreen #preview.-error { color: $error; }
    CaptureScreen #hint { padding: 0 1; color: $text-muted; }
    CaptureScreen #restored { display: none; padding: 0 1; color: $warning; }
    CaptureScreen #restored.-shown { display: block; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close (keeps the line)", id="dialog.cancel"),
        Binding("up", "recall(-1)", "Earlier line", id="capture.previous", show=False),
        Binding("down", "recall(1)", "Later line", id="capture.next", show=False),
    ]

    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self.initial = initial
        self._saved = False
        self._recall_index: int | None = None
        self._typed = ""
        self._draft_timer: Timer | None = None
        # The text the notebook's draft holds (None: not known yet), so an unchanged line is not rewritten.
        self._draft_stored: str | None = None

    # The draft and history live on the app: this screen is made anew each time it opens.

    @property
    def history(self) -> list[str]:
        """Lines captured successfully this session, oldest first."""
        if not hasattr(self.app, "capture_history"):
            self.app.capture_history = []
        return self.app.capture_history

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(placeholder="Capture: t to-do · p teaching point · q question", id="line",
                        select_on_focus=False)
            yield Static(Content(RESTORED), id="restored")
            yield Static(id="preview")
            yield Static(Content(HINT), id="hint")

    def on_mount(self) -> None:
        line = self.query_one("#line", Input)
        draft = getattr(self.app, "capture_draft", "")
        line.value = self.initial or draft
        line.focus()
        line.cursor_position = len(line.value)
        self._preview(line.value)
        if not self.initial:
            self.query_one("#restored").set_class(bool(draft), "-shown")
            if not draft:
                self._read_draft()  # after a restart only the notebook knows it

    # The draft in the notebook ------------------------------------------------------------

    @work(thread=True, exclusive=True, group="capture-draft")
    def _read_draft(self) -> None:
        try:
            text = self.app.notebook.get_draft(CAPTURE_DRAFT)
        except NotebookError:
            return  # nothing to offer; the line works as usual
        self.post_message(DraftLoaded(text))

    def on_draft_loaded(self, message: DraftLoaded) -> None:
        line = self.query_one("#line", Input)
        if self._saved or self._draft_stored is not None:
            return
        self._draft_stored = message.text
        if not message.text or line.value:
            return  # nothing kept, or typing has begun: never replace what is being typed
        line.value = message.text
        line.cursor_position = len(line.value)
        self.app.capture_draft = message.text
        self.query_one("#restored").set_class(True, "-shown")

    def _draft_changed(self) -> None:
        self._stop_draft_timer()
        self._draft_timer = self.set_timer(self.app.autosave_delay, self.save_now)

    def save_now(self) -> None:
        """Queue the line as the notebook's draft, if it changed (the app calls this before quitting)."""
        self._stop_draft_timer()
        if self._saved:
            return
        value = self.query_one("#line", Input).value
        if (self.initial and value == self.initial) or value == self._draft_stored:
            return  # an untouched prefill ("t B12: ") is not worth keeping
        if self._draft_stored is None and not value.strip():
            return  # nothing typed, and the stored draft (if any) not read yet: keep it
        self._draft_stored = value
        # Blank text clears the draft: the line was deliberately emptied.
        self.app.submit(lambda nb: keep_draft(nb, CAPTURE_DRAFT, value), quiet=True)

    # Preview --------------------------------------------------------------------------

    def _preview(self, value: str) -> None:
        preview = self.query_one("#preview", Static)
        empty = not value.strip()
        error = False
        if empty:
            text = Content(START_HINT)
        else:
            now = self.app.clock()
            try:
                capture = parse_capture(value, now)
                text = Content("→ " + capture.describe(now) + self._patient_note(capture))
            except CaptureError as exc:
                # A bare prefix ("t ", "t Bed 4: ") is a start, not a mistake.
                if _only_prefix(value):
                    text, empty = Content(START_HINT), True
                else:
                    text, error = Content(str(exc)), True
        preview.set_class(empty, "-empty")
        preview.set_class(error, "-error")
        preview.update(text)

    def _patient_note(self, capture) -> str:
        """ "(new patient)" when the bed matches nobody on the list, so a typo is seen before saving."""
        from clerkbook.store.beds import same_bed

        if capture.patient is None:
            return ""
        for screen in self.app.screen_stack:
            shift = getattr(screen, "shift", None)
            if shift is not None and getattr(shift, "patients", None) is not None:
                match = next((p for p in shift.patients if same_bed(p.bed, capture.patient)), None)
                return f"  ({match.label})" if match else "  (new patient)"
        return ""

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._preview(event.value)
        self._draft_changed()

    # Saving ---------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.capture(event.value)

    def capture(self, line: str) -> None:
        """Save ``line`` and close, or show why it was not understood and keep it as typed."""
        if self._saved:
            return  # a second Enter before the screen has gone must not save twice
        now = self.app.clock()
        try:
            capture = parse_capture(line, now)
        except CaptureError as exc:
            self.query_one("#preview", Static).set_class(True, "-error").update(Content(str(exc)))
            self.app.bell()
            return
        app = self.app
        summary = capture.describe(now)
        history = self.history
        if not history or history[-1] != line:
            history.append(line)
        app.capture_draft = ""

        def saved(_row) -> None:
            app.notify(f"Saved: {summary}", markup=False, timeout=4)

        def failed(_error: str) -> None:
            # The store refused (no current rotation, ...): keep the line for the next capture.
            app.capture_draft = line
            if history and history[-1] == line:
                history.pop()
            app.notify("The line is kept: open quick capture again to correct it.", markup=False,
                       severity="warning", timeout=8)

        def save(nb):
            # The entry and the end of its draft are one transaction: never both, never neither.
            try:
                with nb.batch():
                    row = save_capture(nb, capture)
                    nb.clear_draft(CAPTURE_DRAFT)
            except NotebookError:
                with contextlib.suppress(NotebookError):
                    nb.save_draft(CAPTURE_DRAFT, line)
                raise
            return row

        self._saved = True
        self._stop_draft_timer()
        app.submit(save, then=saved, on_error=failed)
        self.dismiss(capture)

    def _stop_draft_timer(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None

    def on_unmount(self) -> None:
        self._stop_draft_timer()

    # Keys -----------------------------------------------------------------------------

    def action_close(self) -> None:
        """Close; an unsaved line is kept as the draft the capture line opens with next time."""
        if not self._saved:
            value = self.query_one("#line", Input).value
            # An untouched prefill ("t B12: ") is not worth keeping; anything typed is.
            if value.strip() and value != self.initial:
                self.app.capture_draft = value
            elif not value.strip():
                self.app.capture_draft = ""
            self.save_now()  # the notebook's draft follows, at once rather than in a second
        self.dismiss(None)

    def action_recall(self, step: int) -> None:
        """Show an earlier (-1) or later (+1) captured line; past the newest is what was being typed."""
        history = self.history
        line = self.query_one("#line", Input)
        index = len(history) if self._recall_index is None else self._recall_index
        new_index = max(0, min(len(history), index + step))
        if new_index == index:
            return
        if self._recall_index is None:
            self._typed = line.value
        self._recall_index = new_index
        line.value = history[new_index] if new_index < len(history) else self._typed
        line.cursor_position = len(line.value)


def _only_prefix(value: str) -> bool:
    """True for a line that is just a kind word and maybe a patient: "t", "t Bed 4:", "p*"."""
    return re.fullmatch(r"\s*(t|todo|p\*?|point\*?|tp\*?|q|question)\s*(\S{1,12}( \S{1,12})?:)?\s*", value,
                        re.IGNORECASE) is not None
