"""Pane 1: patient to-dos, grouped by patient, then general ones."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets.option_list import Option

from clerkbook.ui.widgets.pane import PaneList

KIND_WIDTH = 10
DUE_WIDTH = 15


def todo_prompt(todo, now) -> Content:
    """One to-do row: done box, kind, due time relative to now, text."""
    # Imported on first use: the dates module loads dateutil, which the first frame does not need.
    from clerkbook.domain.dates import describe_due

    done = todo.done_at is not None
    box = "[x]" if done else "[ ]"
    due, due_style = "", ""
    if todo.due_at is not None and not done:
        due = describe_due(todo.due_at, now)
        if todo.due_at < now:
            due_style = "bold $error"
        elif (todo.due_at - now).total_seconds() < 3600:
            due_style = "$warning"
    elif done:
        due = f"done {todo.done_at.astimezone(now.tzinfo):%H:%M}"
    if done:
        # Done to-dos fade and are struck through; they sink below the open ones.
        return Content.assemble(
            (f"  {box} {todo.kind.value.ljust(KIND_WIDTH)}{due.ljust(DUE_WIDTH)}", "$text-muted"),
            (todo.text, "$text-muted strike"),
        )
    return Content.assemble(
        f"  {box} ",
        (todo.kind.value.ljust(KIND_WIDTH), "$text-secondary"),
        (due.ljust(DUE_WIDTH), due_style),
        todo.text,
    )


class TodoList(PaneList):
    """The to-do list itself; its keys act on the highlighted row."""

    BINDINGS = [
        Binding("a", "add", "Add", id="todo.add"),
        Binding("e", "edit", "Edit", id="todo.edit"),
        Binding("enter", "select", "Open", id="todo.open", show=False),
        Binding("space,x", "toggle", "Done", id="todo.toggle"),
        Binding("d,delete", "delete", "Delete", id="todo.delete"),
        Binding("u", "undo", "Undo", id="todo.undo", show=False),
        Binding("shift+up,K", "move(-1)", "Move up", id="todo.move_up", show=False),
        Binding("shift+down,J", "move(1)", "Move down", id="todo.move_down", show=False),
        Binding("P", "add_patient", "Patient", id="todo.add_patient"),
        Binding("D", "discharge", "Discharge", id="todo.discharge"),
        Binding("h", "hide_done", "Hide done", id="todo.hide_done", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.hide_done = False
        self.shift = None
        self._deleted = []
        self._prefer: str | None = None  # the row to highlight after the next reload

    def show(self, shift) -> None:
        """Render the to-dos of ``shift``."""
        self.shift = shift
        options: list[Option] = []
        for patient, todos in shift.todos_by_patient():
            if patient is None and not todos and not options:
                continue
            open_count = sum(1 for t in todos if t.done_at is None)
            if patient is not None:
                head = Content.assemble((patient.label, "bold"), (f"  {open_count} open", "$text-muted"))
                options.append(Option(head, id=f"patient-{patient.id}"))
            else:
                options.append(Option(Content.styled("General", "bold"), id="general"))
            for todo in todos:
                if self.hide_done and todo.done_at is not None:
                    continue
                options.append(Option(todo_prompt(todo, shift.now), id=f"todo-{todo.id}"))
        if not options:
            options.append(Option(Content.styled("No to-dos yet. Press a to add one, P to add a patient.",
                                                 "$text-muted"), id="empty", disabled=True))
        prefer, self._prefer = self._prefer, None
        self.replace_options(options, prefer=prefer)

    # What the highlight points at ---------------------------------------------------

    def _selected(self):
        """(kind, id) of the highlighted row: ("todo", 3), ("patient", 2), ("general", None)."""
        option_id = self.highlighted_id
        if option_id is None or option_id == "empty":
            return None, None
        kind, _, number = option_id.partition("-")
        return kind, int(number) if number else None

    def _todo(self):
        kind, number = self._selected()
        if kind != "todo" or self.shift is None:
            return None
        return next((t for t in self.shift.todos if t.id == number), None)

    def _patient_id(self) -> int | None:
        kind, number = self._selected()
        if kind == "patient":
            return number
        todo = self._todo()
        return todo.patient_id if todo else None

    # Actions ----------------------------------------------------------------------

    def action_add(self) -> None:
        """Open the capture line ready for a to-do (for the highlighted patient)."""
        from clerkbook.ui.screens.capture import CaptureScreen

        patient_id = self._patient_id()
        bed = next((p.bed for p in self.shift.patients if p.id == patient_id), None) if self.shift else None
        self.app.push_screen(CaptureScreen(f"t {bed}: " if bed else "t "))

    def action_edit(self) -> None:
        """Edit the highlighted to-do's text, kind, due time and patient."""
        from clerkbook.ui.dialogs.todo_form import TodoForm

        todo = self._todo()
        if todo is None:
            return

        def done(changes) -> None:
            if changes:
                self.app.submit(lambda nb: nb.update_todo(todo.id, **changes))

        self.app.push_screen(TodoForm(todo, self.shift.patients, self.app.clock), done)

    def action_toggle(self) -> None:
        """Mark the highlighted to-do done, or open again."""
        todo = self._todo()
        if todo is None:
            return
        if todo.done_at is None:
            self.app.submit(lambda nb: nb.complete_todo(todo.id))
        else:
            self.app.submit(lambda nb: nb.reopen_todo(todo.id))

    def action_delete(self) -> None:
        """Delete the highlighted to-do; u brings it back."""
        todo = self._todo()
        if todo is None:
            return

        def deleted(row) -> None:
            self._deleted.append(row)
            self.notify(f"Deleted “{row.text}”. Press u to undo.", timeout=6, markup=False)

        self.app.submit(lambda nb: nb.delete_todo(todo.id), then=deleted)

    def action_undo(self) -> None:
        """Bring back the last deleted to-do."""
        if not self._deleted:
            self.notify("Nothing to undo.", severity="warning")
            return
        row = self._deleted.pop()

        def restored(_) -> None:
            self._prefer = f"todo-{row.id}"
            self.notify(f"Restored “{row.text}”.", markup=False)

        self.app.submit(lambda nb: nb.restore_todo(row), then=restored)

    def action_move(self, offset: int) -> None:
        """Move the highlighted to-do up or down within its patient."""
        todo = self._todo()
        if todo is not None:
            self.app.submit(lambda nb: nb.move_todo(todo.id, offset))

    def action_add_patient(self) -> None:
        """Add a de-identified patient."""
        from clerkbook.ui.dialogs.patient_form import PatientForm

        def done(values) -> None:
            if values:
                self.app.submit(lambda nb: nb.add_patient(**values),
                                then=lambda p: self.notify(f"Added {p.label}.", markup=False))

        self.app.push_screen(PatientForm(), done)

    def action_discharge(self) -> None:
        """Discharge the highlighted patient, asking first about open to-dos."""
        from clerkbook.ui.dialogs.confirm import ConfirmDialog

        patient_id = self._patient_id()
        patient = next((p for p in self.shift.patients if p.id == patient_id), None) if self.shift else None
        if patient is None:
            self.notify("Highlight a patient (or one of their to-dos) to discharge.", severity="warning")
            return
        open_todos = [t for t in self.shift.todos if t.patient_id == patient.id and t.done_at is None]

        def discharge(complete: bool = False) -> None:
            self.app.submit(lambda nb: nb.discharge_patient(patient.id, complete_open_todos=complete),
                            then=lambda p: self.notify(f"Discharged {p.label}.", markup=False))

        if not open_todos:
            self.app.push_screen(ConfirmDialog(f"Discharge {patient.label}?", "Discharge"),
                                 lambda yes: discharge() if yes else None)
            return
        question = (f"{patient.label} still has {len(open_todos)} open to-do(s). "
                    "Mark them done and discharge?")
        self.app.push_screen(ConfirmDialog(question, "Mark done and discharge"),
                             lambda yes: discharge(True) if yes else None)

    def action_hide_done(self) -> None:
        """Hide or show to-dos already done."""
        self.hide_done = not self.hide_done
        if self.shift is not None:
            self.show(self.shift)
        self.notify("Done to-dos hidden." if self.hide_done else "Done to-dos shown.", timeout=2)

    def on_option_list_option_selected(self, event: PaneList.OptionSelected) -> None:
        # Enter or a click on a to-do opens it for editing; on a patient, adds a to-do for them.
        event.stop()
        kind, _ = self._selected()
        if kind == "todo":
            self.action_edit()
        elif kind in ("patient", "general"):
            self.action_add()

    def focus_patient(self, patient_id: int) -> None:
        """Highlight a patient's heading."""
        try:
            self.highlighted = self.get_option_index(f"patient-{patient_id}")
        except Exception:  # noqa: BLE001 - a patient discharged meanwhile
            return
        self.focus()


class TodoPane(Vertical):
    """The titled container of the to-do list."""

    ALLOW_MAXIMIZE = True

    DEFAULT_CSS = """
    TodoPane { border: round $primary 50%; }
    TodoPane:focus-within { border: round $primary; }
    """

    def compose(self):
        yield TodoList(id="todo-list")

    def on_mount(self) -> None:
        self.border_title = "1 Patient to-dos"
