"""Command palette (ctrl+p): find patients, notes, weeks, and the app's actions."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


@dataclass(frozen=True)
class _Entry:
    text: str
    help: str
    run: object


class ClerkbookCommands(Provider):
    """Everything in the current rotation worth jumping to, plus the main actions."""

    async def startup(self) -> None:
        # Read in a thread: the palette opens at once even on a slow disk.
        self._entries = await asyncio.to_thread(self._collect)

    def _collect(self) -> list[_Entry]:
        app = self.app
        notebook = app.notebook
        entries = [
            _Entry("Quick capture", "Add a to-do, teaching point or question (ctrl+n)", app.action_capture),
            _Entry("This week's reflection", "Open the reflection editor", partial(app.open_reflection, None)),
            _Entry("New note", "Start a SOAP, H&P or progress note", partial(self._main, "new_note")),
            _Entry("Add patient", "Add a de-identified patient", partial(self._main, "add_patient")),
            _Entry("New rotation", "Start a rotation; it becomes the current one",
                   partial(self._main, "new_rotation")),
            _Entry("Search", "To-dos, points, questions, notes, reflections and the clerkship logs (ctrl+f or /)",
                   app.action_search),
            _Entry("Export: Markdown, HTML, JSON, Anki, dossier", "Everything, behind the PHI guard (ctrl+e)",
                   app.action_export),
            _Entry("Clerkship logs: procedures, counts, feedback, letters, contacts, reminders, checklist",
                   "Log a procedure or feedback, track letters and thank-yous, the pre-rotation documents (f2; "
                   "1-7 pick the tab)", app.action_clerkship),
            _Entry("Rotations overview", "Switch the current rotation, end one, shred its patients' details (f3)",
                   app.action_rotations),
            _Entry("Daily learning log", "Today's diagnoses, management points, mistakes, questions (f4)",
                   app.action_daily_log),
            _Entry("Sign-out sheet (I-PASS)", "Your patients' open to-dos for handover, printable (f5)",
                   app.action_signout),
            _Entry("Lock", "Hide everything behind the lock screen (ctrl+l)", app.action_lock),
            _Entry("Show keys", "Every key clerkbook knows (f1)", app.action_help),
        ]
        rotation = notebook.current_rotation()
        if rotation is None:
            return entries
        labels = {}
        for patient in notebook.list_patients(rotation_id=rotation.id):
            labels[patient.id] = patient.label
            entries.append(_Entry(f"Patient {patient.label}", "Show this patient's to-dos",
                                  partial(self._main, "show_patient", patient.id)))
        for note in notebook.list_notes(rotation_id=rotation.id):
            title = note.title or f"{note.kind.value.upper()} note"
            where = labels.get(note.patient_id, "")
            entries.append(_Entry(f"Note: {title}" + (f" ({where})" if where else ""),
                                  f"{note.status.value} · open in the note editor", partial(app.open_note, note.id)))
        for reflection in notebook.list_reflections():
            entries.append(_Entry(f"Reflection {reflection.week}", "Open this week's reflection",
                                  partial(app.open_reflection, reflection.week)))
        return entries

    def _main(self, action: str, *args) -> None:
        from clerkbook.ui.screens.main import MainScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, MainScreen):
                getattr(screen, f"do_{action}")(*args)

    async def discover(self) -> Hits:
        for entry in self._entries[:5]:
            yield DiscoveryHit(entry.text, entry.run, help=entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries:
            score = matcher.match(entry.text)
            if score > 0:
                yield Hit(score, matcher.highlight(entry.text), entry.run, text=entry.text, help=entry.help)
