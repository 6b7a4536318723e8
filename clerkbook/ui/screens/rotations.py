"""The rotations overview: every rotation with its dates, site, team and counts; switching and ending them.

Enter makes the highlighted rotation the current one. x ends it today (one already over keeps its end
day) and then offers the digital shred bin: its patients' labels and clinical text are purged, what was
learned and the counts stay. That question defaults to keeping the text: only y shreds.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from clerkbook.domain.days import show_day
from clerkbook.store.errors import NotebookError

COLUMNS = ["", "Rotation", "Dates", "Team", "Patients", "Notes", "Procedures", "Teaching points", "State"]


class RotationsLoaded(Message):
    """A worker read the rotations with their counts (``summaries``), or could not (``error``)."""

    def __init__(self, summaries, error: str | None = None) -> None:
        super().__init__()
        self.summaries = summaries
        self.error = error


def state_of(summary, today) -> str:
    """Where a rotation stands: "current", "purged", "ended", "ahead" or ""."""
    rotation = summary.rotation
    if summary.purged:
        return "purged"
    if rotation.is_current:
        return "current"
    if rotation.end_date is not None and rotation.end_date < today:
        return "ended"
    return "ahead" if rotation.start_date > today else ""


def row_cells(summary, today) -> list[str]:
    """The overview's cells for one rotation."""
    rotation = summary.rotation
    dates = f"{show_day(rotation.start_date, today)} – {show_day(rotation.end_date, today) or '…'}"
    patients = str(summary.patients) + (f" ({summary.active_patients} active)" if summary.active_patients else "")
    return ["●" if rotation.is_current else "", rotation.name, dates, rotation.service, patients, str(summary.notes),
            str(summary.procedures), str(summary.points), state_of(summary, today)]


def purge_prompt(summary, today, backups) -> str:
    """The shredding question, said before anything is shredded: what goes, and where copies stay."""
    from clerkbook.domain.rotation_end import purge_question

    rotation = summary.rotation
    ended = rotation.end_date is not None and rotation.end_date <= today
    question = purge_question(rotation.name, summary.patients, summary.notes,
                              ended=show_day(rotation.end_date, today) if ended else None)
    if backups.exists():
        question += f" Backups taken before now still hold the text: delete them in {backups} if they must go too."
    else:
        question += " Copies of the notebook made before now (backups, exports) still hold the text."
    return question


class RotationsScreen(Screen[None]):
    """Every rotation, the most recent first: Enter makes one current, x ends it (and offers to purge)."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="rotations.close"),
        Binding("enter", "make_current", "Make current", id="rotations.make_current", priority=True),
        Binding("x", "end_rotation", "End rotation", id="rotations.end"),
    ]
    DEFAULT_CSS = """
    RotationsScreen #rotations-heading { height: 1; padding: 0 1; text-style: bold; background: $panel; }
    RotationsScreen #rotations-hint { height: auto; padding: 0 1; color: $text-muted; }
    RotationsScreen DataTable { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list = []

    def compose(self) -> ComposeResult:
        yield Static(Content("Rotations"), id="rotations-heading")
        yield DataTable(id="rotations-table", cursor_type="row", zebra_stripes=True)
        yield Static(Content("Enter: make current · x: end a rotation, then choose whether to shred its patients' "
                             "text"), id="rotations-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self) -> None:
        """Read the rotations again, in a worker."""
        self._load()

    @work(thread=True, exclusive=True, group="rotations-load")
    def _load(self) -> None:
        try:
            summaries = self.app.notebook.rotation_summaries()
        except NotebookError as exc:
            self.post_message(RotationsLoaded([], str(exc)))
            return
        self.post_message(RotationsLoaded(summaries))

    def on_rotations_loaded(self, message: RotationsLoaded) -> None:
        if message.error is not None:
            self.query_one("#rotations-hint", Static).update(Content(message.error))
            return
        self.summaries = message.summaries
        table = self.query_one(DataTable)
        keep = self.highlighted.rotation.id if self.highlighted is not None else None
        table.clear(columns=not table.columns)
        if not table.columns:
            table.add_columns(*COLUMNS)
        today = self.app.clock().date()
        for summary in self.summaries:
            table.add_row(*row_cells(summary, today), key=str(summary.rotation.id))
        if keep is not None and str(keep) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep)))
        if not self.summaries:
            self.query_one("#rotations-hint", Static).update(
                Content("No rotation yet: create one (ctrl+p, New rotation)."))

    @property
    def highlighted(self):
        """The summary of the highlighted rotation, if any."""
        table = self.query_one(DataTable)
        if not table.row_count or not self.summaries:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((s for s in self.summaries if str(s.rotation.id) == key), None)

    def action_make_current(self) -> None:
        """Make the highlighted rotation the current one: new entries go to it."""
        summary = self.highlighted
        if summary is None:
            return
        if summary.rotation.is_current:
            self.notify(f"{summary.rotation.name} is already current.", markup=False, timeout=2)
            return
        rotation_id = summary.rotation.id
        self.app.submit(lambda nb: nb.set_current_rotation(rotation_id),
                        then=lambda row: self.notify(f"Current rotation: {row.name}.", markup=False))

    def action_end_rotation(self) -> None:
        """End the highlighted rotation today (one already ended keeps its day), then offer to shred its text."""
        from clerkbook.ui.dialogs.confirm import ConfirmDialog

        summary = self.highlighted
        if summary is None:
            return
        rotation = summary.rotation
        if summary.purged:
            self.notify(f"{rotation.name} has ended and its patients' text is already shredded.", markup=False)
            return
        today = self.app.clock().date()
        if rotation.end_date is not None and rotation.end_date <= today:
            self._offer_purge(summary)  # already over: only the shredding is left to ask about
            return

        def end(yes: bool | None) -> None:
            if yes:
                self._offer_purge(summary)

        self.app.push_screen(
            ConfirmDialog(f"End {rotation.name} today? Its entries stay where they are.", "End rotation"), end)

    def _offer_purge(self, summary) -> None:
        from clerkbook.domain.rotation_end import purge_done
        from clerkbook.store.backup import backups_folder
        from clerkbook.ui.dialogs.confirm import ConfirmDialog

        rotation = summary.rotation
        today = self.app.clock().date()
        ended = rotation.end_date is not None and rotation.end_date <= today
        backups = backups_folder(self.app.notebook.path)

        def shredded(report) -> None:
            self.notify(purge_done(rotation.name, report.counts, checkpointed=report.checkpointed,
                                   backups=backups if backups.exists() else None),
                        title="Shredded", timeout=20, markup=False)

        def answered(purge: bool | None) -> None:
            # The store keeps an end date already past: an ended rotation is only shredded (or left alone).
            if purge:
                self.app.submit(lambda nb: nb.end_rotation(rotation.id, today=today, purge=True), then=shredded)
            elif ended:
                self.notify(f"{rotation.name} keeps its text.", markup=False, timeout=3)
            else:
                self.app.submit(lambda nb: nb.end_rotation(rotation.id, today=today),
                                then=lambda report: self.notify(f"Ended {rotation.name}; its text is kept.",
                                                                markup=False))

        self.app.push_screen(ConfirmDialog(purge_prompt(summary, today, backups), "Shred", "Keep the text",
                                           default=False), answered)

    def action_close(self) -> None:
        """Back to where the overview was opened from."""
        self.dismiss(None)
