"""What the note and reflection editors share: autosave wiring, closing, quitting."""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen

from clerkbook.ui.widgets.autosave import SaveIndicator


class AutosaveEditor(Screen):
    """A screen whose fields an :class:`~clerkbook.ui.widgets.autosave.Autosaver` keeps saved.

    Subclasses create ``self.autosave`` with ``indicator=self._indicator``,
    ``on_failure=self._save_failed`` and ``on_conflict=self._conflict_found``, and implement :meth:`reopened` (the same
    editor again, showing text whose save failed after it closed).
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="editor.close"),
        Binding("ctrl+s", "save", "Save", id="editor.save"),
        Binding("ctrl+r", "revisions", "Revisions", id="editor.revisions"),
    ]

    #: Said after ctrl+s once the save is written.
    SAVED_NOTICE = "Saved."
    #: What is being edited, as the conflict notice names it.
    ENTRY_NAME = "entry"

    def __init__(self) -> None:
        super().__init__()
        self._editor_closed = False  # not "_closed": MessagePump uses that name
        self._reopened = False  # once closed, a failed save reopens the editor once

    def reopened(self, unsaved: dict, error: str) -> Screen:
        """A new editor on the same entry, showing ``unsaved`` text and the save ``error``."""
        raise NotImplementedError

    def _indicator(self) -> SaveIndicator | None:
        try:
            return self.query_one("#save-indicator", SaveIndicator)
        except Exception:  # noqa: BLE001 - the screen is being torn down
            return None

    def _blur_saves(self) -> bool:
        return not self._editor_closed

    def on_descendant_blur(self, event) -> None:
        # Leaving a field is a natural pause: save what it holds.
        if self._blur_saves():
            self.autosave.save("autosave")

    def save_now(self) -> None:
        """Queue any unsaved changes (the app calls this before quitting)."""
        self.autosave.save()

    def has_unsaved(self) -> bool:
        """Whether some text is neither saved nor on its way (e.g. the last save failed)."""
        return self.autosave.dirty

    def on_unmount(self) -> None:
        # Whatever closed the screen, queue what is left (the fields outlive the DOM).
        self._editor_closed = True
        self.autosave.save()
        self.autosave.stop()

    def _save_failed(self, error: str) -> None:
        if not self._editor_closed or self._reopened:
            return  # open: the indicator shows the error and the text stays dirty for the next try
        # Closed before its save failed: bring the text back rather than lose it.
        self._reopened = True
        self.app.push_screen(self.reopened(self._snapshot(), error))

    def _conflict_found(self) -> None:
        # The app notifies, not the screen: the editor may have closed before its last save landed.
        self.app.notify(f"Another window changed this {self.ENTRY_NAME}; its text is kept in revisions"
                        f" ({self._revisions_key()}).", severity="warning", timeout=12, markup=False)

    def _revisions_key(self) -> str:
        """The key that shows the revisions, as the keymap has it now."""
        try:
            for key, active in self.active_bindings.items():
                if active.binding.action == "revisions":
                    return key
        except Exception:  # noqa: BLE001 - a closed screen has no bindings to ask
            pass
        return "ctrl+r"

    def action_close(self) -> None:
        """Queue what is unsaved and close; if that save fails, the editor comes back with the text."""
        self._editor_closed = True
        self.autosave.save()
        self.autosave.stop()
        self.dismiss()

    def action_save(self) -> None:
        """Save now, and say so."""
        if not self.autosave.save() and not self.autosave.saving:
            self.notify("Nothing to save: every change is saved.", timeout=2)
            return
        # Said once written; a failure is shown by the indicator (and the app's error notice).
        notice = self.SAVED_NOTICE
        self.app.after_writes(lambda: None if self.autosave.error else self.notify(notice, timeout=2))


class FieldsEditor(AutosaveEditor):
    """An editor whose fields are text areas in ``self.fields`` (name -> TextArea): the reflection and the
    daily log. Subclasses set ``self._switching`` while they move to another week or day."""

    fields: dict
    _switching: bool = False

    def _show_values(self, values: dict[str, str], *, switched: bool = False) -> None:
        """Put stored ``values`` in the fields and take them as the baseline."""
        self.autosave.load(values, switched=switched)
        self._put_values(values)

    def _put_values(self, values: dict[str, str]) -> None:
        for name, area in self.fields.items():
            if name in values and area.text != values[name]:
                area.load_text(values[name])
                area.move_cursor(area.document.end)  # continue writing, don't prepend

    def _snapshot(self) -> dict[str, str]:
        return {name: area.text for name, area in self.fields.items()}

    def on_text_area_changed(self, _event) -> None:
        self.autosave.changed()

    def _blur_saves(self) -> bool:
        return not self._editor_closed and not self._switching
