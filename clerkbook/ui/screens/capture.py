"""The quick-capture line: one line typed between patients becomes a to-do, point or question.

Nothing typed here is ever lost: a line that is not understood stays as typed with the reason
under it, and a line left with Escape comes back the next time the capture line opens.
"""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from clerkbook.domain.capture import (
    START_HINT,
    Capture,
    CaptureError,
    parse_capture,
    save_capture,
)

HINT = "t B12: f/u K+ @4pm · p #cardio text — Dr K · q question"


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
            yield Static(id="preview")
            yield Static(Content(HINT), id="hint")

    def on_mount(self) -> None:
        line = self.query_one("#line", Input)
        line.value = self.initial or getattr(self.app, "capture_draft", "")
        line.focus()
        line.cursor_position = len(line.value)
        self._preview(line.value)

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
        from clerkbook.store.rotations import same_bed

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

        self._saved = True
        app.submit(lambda nb: save_capture(nb, capture), then=saved, on_error=failed)
        self.dismiss(capture)

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
