"""The export screen: choose a format, see what the PHI guard finds, fix it, and write the export.

The same pipeline as ``clerkbook export`` runs underneath, in thread workers, after every pending save has
been written, so what is exported is exactly what is on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, OptionList, RadioButton, RadioSet, Select, Static
from textual.widgets.option_list import Option

from clerkbook.domain.export.pipeline import FORMATS, ExportBlocked, ExportError, Policy, default_path
from clerkbook.store.errors import NotebookError

FORMAT_LABELS = {
    "md": "Markdown folder (Obsidian, any editor)",
    "html": "HTML page to print or save as PDF",
    "dossier": "Interview dossier (Markdown + HTML)",
    "json": "JSON: the whole notebook, to back up or import",
    "anki": "Anki deck of teaching points",
}
POLICY_LABELS = {
    Policy.BLOCK: "Stop and show me what it finds",
    Policy.REDACT: "Replace what it finds with [NAME], [DATE], …",
    Policy.ALLOW: "Export as is: I take responsibility",
}
ALL_ROTATIONS = "*"


@dataclass(frozen=True)
class Checked:
    """What a guard check saw: the findings and the rotations to choose from."""

    findings: list
    rotations: list[tuple[str, str]]


class GuardChecked(Message):
    """A worker ran the PHI guard over what would be exported."""

    def __init__(self, checked: Checked | None, error: str | None = None) -> None:
        super().__init__()
        self.checked = checked
        self.error = error


class ExportWritten(Message):
    """A worker wrote an export (``path``), or could not (``error``)."""

    def __init__(self, path: Path | None, count: int, error: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.count = count
        self.error = error


class ExportScreen(Screen[None]):
    """Export the notebook, with the PHI guard's findings listed and one key away from being fixed."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="export.close"),
        Binding("ctrl+s", "export", "Export", id="export.run"),
        Binding("ctrl+r", "check", "Check again", id="export.check"),
    ]
    DEFAULT_CSS = """
    ExportScreen { padding: 0 1; }
    ExportScreen #export-title { text-style: bold; height: 1; margin-bottom: 1; }
    ExportScreen #export-options { height: auto; }
    ExportScreen #export-options > Vertical { width: 1fr; height: auto; }
    ExportScreen RadioSet { width: 100%; }
    ExportScreen Label { color: $text-secondary; margin-top: 1; }
    ExportScreen #guard-summary { height: auto; margin-top: 1; text-style: bold; }
    ExportScreen #export-body { height: 1fr; }
    ExportScreen #findings { height: 1fr; min-height: 6; }
    ExportScreen.-compact #export-options { layout: vertical; }
    ExportScreen.-compact #findings { height: 10; }
    ExportScreen #export-actions { height: auto; align-horizontal: right; }
    ExportScreen #export-actions Button { margin-left: 2; }
    """

    def __init__(self, fmt: str = "md", folder: Path | None = None) -> None:
        super().__init__()
        self.fmt = fmt
        #: Where exports go unless a path is typed: the folder clerkbook was started from.
        self.folder = folder
        self.policy = Policy.BLOCK
        self.rotation: str | None = None
        self.findings: list = []
        self._rotations_shown = False
        self._path_edited = False
        self._proposed: Path | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="export-body"):
            yield from self._body()
        with Horizontal(id="export-actions"):
            yield Button("Export", variant="primary", id="export")
            yield Button("Back", id="back")
        yield Footer()

    def _body(self) -> ComposeResult:
        yield Static("Export", id="export-title")
        with Horizontal(id="export-options"):
            with Vertical():
                yield Label("Format")
                with RadioSet(id="format"):
                    for fmt, label in FORMAT_LABELS.items():
                        yield RadioButton(Content(label), value=fmt == self.fmt, name=fmt)
            with Vertical():
                yield Label("Rotation")
                yield Select([("All rotations", ALL_ROTATIONS)], allow_blank=False, id="rotation")
                yield Label("If the PHI guard finds something")
                with RadioSet(id="policy"):
                    for policy, label in POLICY_LABELS.items():
                        # Content, not markup: "[NAME]" is text here.
                        yield RadioButton(Content(label), value=policy is self.policy, name=policy.value)
        yield Label("Save to")
        yield Input(id="out")
        yield Static("Checking…", id="guard-summary")
        yield OptionList(id="findings")

    def on_resize(self) -> None:
        # Below 100 columns the two option columns stack, and the page scrolls to the findings.
        self.set_class(self.size.width < 100 or self.size.height < 34, "-compact")

    def _default_path(self) -> Path:
        return default_path(self.fmt, self.app.clock().date(), self.folder or self.app.export_folder or Path.cwd().resolve())

    def on_mount(self) -> None:
        self._set_out(self._default_path())
        self.query_one("#format", RadioSet).focus()
        self.action_check()

    def reload(self) -> None:
        """Something was saved (a fix, perhaps): check again."""
        self.action_check()

    # Choices -----------------------------------------------------------------

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        name = event.pressed.name or ""
        if event.radio_set.id == "format" and name in FORMATS:
            self.fmt = name
            if not self._path_edited:
                self._set_out(self._default_path())
            self.action_check()
        elif event.radio_set.id == "policy":
            self.policy = Policy(name)
            self._show_summary()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        chosen = event.value
        self.rotation = None if chosen in (ALL_ROTATIONS, Select.NULL) else str(chosen)
        self.action_check()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        # Only a path the user typed stays put when the format changes; the proposed one follows the format.
        self._path_edited = event.value != str(self._proposed)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export":
            self.action_export()
        else:
            self.action_close()

    # The guard ---------------------------------------------------------------

    def action_check(self) -> None:
        """Run the PHI guard over what would be exported, once pending saves are written."""
        self.app.save_editors()  # an editor under this screen may hold unsent text
        self.app.after_writes(self._check)

    @work(thread=True, exclusive=True, group="export-check")
    def _check(self) -> None:
        from clerkbook.domain.export.guard import scan_document
        from clerkbook.domain.export.pipeline import prepare
        from clerkbook.domain.export.select import SelectionError, rotation_name, select_document

        try:
            doc = self.app.notebook.export_document()
            rotations = [(rotation_name(r), r["uid"]) for r in doc["rotations"]]
            doc = select_document(doc, rotation=self.rotation, tz=self.app.clock().tzinfo)
            findings = scan_document(prepare(doc, self.fmt))
        except (NotebookError, SelectionError) as exc:
            self.post_message(GuardChecked(None, str(exc)))
            return
        self.post_message(GuardChecked(Checked(findings, rotations)))

    def on_guard_checked(self, message: GuardChecked) -> None:
        if message.error:
            self.query_one("#guard-summary", Static).update(Content.styled(message.error, "$error"))
            return
        checked = message.checked
        if not self._rotations_shown:
            self._rotations_shown = True
            # Select by name: rotation_name is what select_document matches first.
            self.query_one("#rotation", Select).set_options(
                [("All rotations", ALL_ROTATIONS)] + [(name, name) for name, _uid in checked.rotations])
        self.findings = checked.findings
        findings = self.query_one("#findings", OptionList)
        findings.clear_options()
        if not self.findings:
            findings.add_option(Option(Content.styled(
                "Nothing to fix. The guard reads every text an export would contain; it cannot see a bare name "
                "with no cue, so keep names out of the notebook.", "$text-muted"), disabled=True))
        findings.add_options(
            Option(Content.assemble((f.finding.kind.ljust(8), "bold $warning"),
                                    (f'"{" ".join(f.finding.text.split())}"', "bold"), "  ",
                                    (f.where, "$text-muted")), id=f"finding-{index}")
            for index, f in enumerate(self.findings))
        if self.findings:
            findings.highlighted = 0  # Enter opens something at once
        self._show_summary()

    def _show_summary(self) -> None:
        count = len(self.findings)
        summary = self.query_one("#guard-summary", Static)
        if not count:
            summary.update(Content.styled("PHI guard: nothing found. Ready to export.", "$success"))
            return
        noun, it = ("identifier", "it") if count == 1 else ("identifiers", "they")
        then = {Policy.BLOCK: f"Export is stopped until {it} {'is' if count == 1 else 'are'} fixed. "
                              "Enter opens the highlighted entry.",
                Policy.REDACT: f"{it.capitalize()} will be replaced by {'its' if count == 1 else 'their'} kind. "
                               "Enter opens the highlighted entry.",
                Policy.ALLOW: f"{it.capitalize()} will be exported as is."}[self.policy]
        summary.update(Content.assemble((f"PHI guard: {count} possible {noun}. ", "$warning"), then))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(self.findings[event.option_index])

    @work(thread=True, group="export-open")
    def _open(self, found) -> None:
        notebook = self.app.notebook
        try:
            if found.kind == "note":
                note_id = notebook.id_for_uid("note", found.uid)
                self.app.call_from_thread(self._open_note, note_id, found.field)
            elif found.kind == "reflection":
                week = notebook.week_for_uid(found.uid)
                self.app.call_from_thread(self.app.open_reflection, week)
            else:
                text = notebook.entry_text(found.kind, found.uid, found.field)
                self.app.call_from_thread(self._edit_field, found, text)
        except NotebookError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")

    def _open_note(self, note_id: int, field: str) -> None:
        if field.startswith("revision"):
            self.notify("This is in an earlier version kept in the note's history (ctrl+r there). JSON exports "
                        "carry the history: choose Redact to export it safely.", timeout=8)
        self.app.open_note(note_id)

    def _edit_field(self, found, text: str, original: str | None = None) -> None:
        from clerkbook.ui.dialogs.text_prompt import TextPrompt

        original = text if original is None else original

        def edited(value: str | None) -> None:
            if value is not None and value != original:
                # A refused fix (a required field emptied) comes back to the dialog with what was typed,
                # beside the error, instead of being dropped.
                self.app.submit(lambda nb: nb.set_entry_text(found.kind, found.uid, found.field, value),
                                on_error=lambda _error: self._edit_field(found, value, original))

        title = f"Fix {found.where}"
        self.app.push_screen(TextPrompt(title, found.field.replace("_", " ").capitalize(), text,
                                        multiline=len(original) > 60,
                                        draft=f"export-fix:{found.kind}:{found.uid}:{found.field}"), edited)

    # Writing -----------------------------------------------------------------

    def action_export(self) -> None:
        """Write the export with the chosen format, rotation and policy."""
        out = self.query_one("#out", Input).value.strip()
        if not out:
            self.notify("Choose where to save the export.", severity="error")
            return
        target = Path(out).expanduser()
        self.app.save_editors()  # an editor under this screen may hold unsent text
        self.app.after_writes(lambda: self._write(target))

    @work(thread=True, exclusive=True, group="export-write")
    def _write(self, target: Path) -> None:
        from clerkbook.domain.export.pipeline import export_document, resolve_out
        from clerkbook.domain.export.select import SelectionError, select_document

        tz = self.app.clock().tzinfo
        try:
            doc = select_document(self.app.notebook.export_document(), rotation=self.rotation, tz=tz)
            result = export_document(doc, self.fmt, resolve_out(target, self.fmt, self.app.clock().date()),
                                     policy=self.policy, tz=tz)
        except ExportBlocked as exc:
            self.post_message(ExportWritten(None, len(exc.findings), "blocked"))
            return
        except (ExportError, NotebookError, SelectionError) as exc:
            self.post_message(ExportWritten(None, 0, str(exc)))
            return
        self.post_message(ExportWritten(result.path, len(result.findings)))

    def on_export_written(self, message: ExportWritten) -> None:
        if message.error == "blocked":
            self.notify("Not exported: the PHI guard found identifiers. Fix them, or choose Redact.",
                        severity="error", timeout=8)
            self.action_check()
            return
        if message.error:
            self.notify(message.error, severity="error", timeout=8)
            return
        extra = f" ({message.count} identifiers {'redacted' if self.policy is Policy.REDACT else 'left in'})" \
            if message.count else ""
        self.notify(f"Exported to {message.path}{extra}.", timeout=8)
        if not self._path_edited:
            self._set_out(self._default_path())

    def _set_out(self, path: Path) -> None:
        self._proposed = path
        self.query_one("#out", Input).value = str(path)

    def action_close(self) -> None:
        """Back to the notebook."""
        self.dismiss(None)
