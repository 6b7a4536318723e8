"""The shift screen: to-dos, teaching points, notes and the week's reflection at once."""

from __future__ import annotations

from dataclasses import replace

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from clerkbook.domain.shift import load_shift
from clerkbook.store.errors import NotebookError
from clerkbook.ui.messages import ShiftLoaded
from clerkbook.ui.widgets.notes_pane import NotesList, NotesPane
from clerkbook.ui.widgets.points_pane import PointsList, PointsPane
from clerkbook.ui.widgets.reflection_pane import ReflectionPane, ReflectionView
from clerkbook.ui.widgets.shift_header import ShiftHeader
from clerkbook.ui.widgets.todo_pane import TodoList, TodoPane

#: Below this width the panes are shown one at a time (switch with 1-4 or tab).
NARROW_WIDTH = 100
#: Seconds of idle event loop between start-up steps, so each step's frame reaches the terminal first.
FRAME_GAP = 0.01


class MainScreen(Screen):
    """The screen a student keeps open all day."""

    # DEFAULT_CSS, not a CSS_PATH file: as the app's first screen it is never pushed, and only pushed
    # screens have their CSS files loaded. Four panes in a 2x2 grid; below 100 columns one at a time.
    DEFAULT_CSS = """
    MainScreen {
        layout: grid;
        grid-size: 2 2;
        grid-columns: 3fr 2fr;
        grid-rows: 3fr 2fr;
        grid-gutter: 0;
    }

    MainScreen > TodoPane, MainScreen > PointsPane, MainScreen > NotesPane, MainScreen > ReflectionPane {
        height: 100%;
        padding: 0;
    }

    MainScreen.-narrow {
        layout: vertical;
    }

    MainScreen.-narrow > TodoPane,
    MainScreen.-narrow > PointsPane,
    MainScreen.-narrow > NotesPane,
    MainScreen.-narrow > ReflectionPane {
        display: none;
        height: 1fr;
    }

    MainScreen.-narrow > .-shown {
        display: block;
    }

    /* A maximised pane takes the whole screen, not a box of its grid size. */
    MainScreen.-maximized-view {
        layout: vertical;
    }

    MainScreen.-maximized-view > .-maximized {
        width: 1fr;
        height: 1fr;
        display: block;
    }
    """
    ALLOW_IN_MAXIMIZED_VIEW = "ShiftHeader, Footer"
    BINDINGS = [
        Binding("1", "show_pane(0)", "To-dos", id="main.pane_todos", show=False),
        Binding("2", "show_pane(1)", "Points", id="main.pane_points", show=False),
        Binding("3", "show_pane(2)", "Notes", id="main.pane_notes", show=False),
        Binding("4", "show_pane(3)", "Reflection", id="main.pane_reflection", show=False),
        Binding("m", "toggle_maximize", "Maximise", id="main.maximize"),
        Binding("question_mark", "app.help", "Keys", id="main.help", show=False),
        Binding("colon", "app.capture", "Capture", id="main.capture", show=False),
        Binding("slash", "app.search", "Search", id="main.search", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shift = None
        self.week: str | None = None
        self._due_timer = None
        self._notified_due: set[int] = set()

    def compose(self) -> ComposeResult:
        yield ShiftHeader(id="header")
        yield TodoPane(id="todo-pane", classes="-shown")
        # The other three panes are mounted after the first frame (see _second_frame): it costs less,
        # and shows first where the student looks first.

    @property
    def panes(self):
        """The four panes, in their numbered order (only the first until just after the first frame)."""
        return list(self.query("#todo-pane, #points-pane, #notes-pane, #reflection-pane"))

    def on_mount(self) -> None:
        self.on_resize()  # as the first screen of the app, it may be sized before it is mounted
        self.query_one(TodoList).focus()
        # The first frame goes out before anything else: a worker reading meanwhile would hold the GIL
        # against the UI thread drawing it.
        self._after_frame(self._second_frame)

    async def _second_frame(self) -> None:
        await self.mount_all([PointsPane(id="points-pane"), NotesPane(id="notes-pane"),
                              ReflectionPane(id="reflection-pane")])
        self._label_panes()
        self.reload()

    def _after_frame(self, callback) -> None:
        # After the next refresh, plus a moment with the event loop idle, so the driver's writer thread
        # (which needs the GIL) puts that frame on the terminal before the next piece of work starts.
        self.call_after_refresh(lambda: self.set_timer(FRAME_GAP, callback))

    async def _after_first_data(self) -> None:
        # The footer costs a sixth of a frame and the writer's open (importing SQLAlchemy) a third of a
        # second: both wait until the data is on screen.
        self.app.start_writer()
        from textual.widgets import Footer

        await self.mount(Footer())
        self.refresh_bindings()  # a footer mounted late learns the keys from the next bindings update
        # The header shows minutes, so it changes once a minute, on the minute.
        now = self.app.clock()
        self.set_timer(60 - now.second + 0.05, self._start_minute_clock)

    def _start_minute_clock(self) -> None:
        self._tick()
        self.set_interval(60, self._tick)

    def _tick(self) -> None:
        # Relative due times ("in 40m") and the overdue count move with the clock; the other panes' "2h ago"
        # labels can wait ten minutes. Redrawing all four panes every minute is most of the idle CPU cost.
        if self.shift is None:
            return
        self._ticks = getattr(self, "_ticks", 0) + 1
        if self._ticks % 10 == 0:
            self._show(self.shift)
            return
        now = self.app.clock()
        shift = replace(self.shift, now=now)
        self.query_one(ShiftHeader).show(shift, now)
        if any(t.due_at is not None and t.done_at is None for t in shift.todos):
            self.query_one(TodoList).show(shift)  # only due times ("in 40m") change with the minute

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW_WIDTH
        if narrow == self.has_class("-narrow"):
            return  # nothing to restyle: a resize within the same layout must not redraw every pane
        self.set_class(narrow, "-narrow")
        self._label_panes()

    def _label_panes(self) -> None:
        narrow = self.has_class("-narrow")
        for pane in self.panes:
            pane.border_subtitle = "1-4: other panes" if narrow else ""

    # Loading -----------------------------------------------------------------------

    def reload(self) -> None:
        """Read the notebook again, in a worker; the panes update when it is done."""
        self._load(self.week)

    def show_week(self, week: str) -> None:
        """Show another week's reflection in pane 4."""
        self.week = week
        self.reload()

    @work(thread=True, exclusive=True, group="shift-load")
    def _load(self, week: str | None) -> None:
        try:
            source = self.app.shift_source()  # plain sqlite3; waits only for a file being created or upgraded
        except NotebookError:
            return  # the app is ending with the reason
        shift = load_shift(source, self.app.clock(), week)
        self.post_message(ShiftLoaded(shift))

    def on_shift_loaded(self, message: ShiftLoaded) -> None:
        first_load = self.shift is None
        self.shift = message.shift
        if first_load and message.shift.rotation is None:
            self.do_new_rotation(first=True)
        if first_load:
            # The header and to-dos first, the student's first look; the other panes (hundreds of rows on a
            # long rotation) in the frame after.
            self._show(message.shift, only_todos=True)
            self._after_frame(self._show_rest)
        else:
            self._show(message.shift)
        self._schedule_due_notice(message.shift)

    def _show_rest(self) -> None:
        self._show(self.shift, only_others=True)
        self._after_frame(self._after_first_data)

    def _show(self, shift, *, only_todos: bool = False, only_others: bool = False) -> None:
        now = self.app.clock()
        shift = replace(shift, now=now)
        if not only_others:
            self.query_one(ShiftHeader).show(shift, now)
            self.query_one(TodoList).show(shift)
        if only_todos:
            return
        # query, not query_one: a reload may land in the instant before the other panes are mounted.
        for kind in (PointsList, NotesList, ReflectionView):
            for widget in self.query(kind):
                widget.show(shift)

    # Due notifications --------------------------------------------------------------

    def _schedule_due_notice(self, shift) -> None:
        # One timer for the next to-do coming due: no polling while nothing is due.
        if self._due_timer is not None:
            self._due_timer.stop()
            self._due_timer = None
        now = self.app.clock()
        upcoming = [t for t in shift.todos if t.done_at is None and t.due_at is not None
                    and t.due_at > now and t.id not in self._notified_due]
        if upcoming:
            soonest = min(upcoming, key=lambda t: t.due_at)
            delay = (soonest.due_at - now).total_seconds()
            self._due_timer = self.set_timer(delay + 0.5, self._due_now)

    def _due_now(self) -> None:
        now = self.app.clock()
        if self.shift is None:
            return
        for todo in self.shift.todos:
            if (todo.done_at is None and todo.due_at is not None and todo.due_at <= now
                    and todo.id not in self._notified_due and (now - todo.due_at).total_seconds() < 120):
                self._notified_due.add(todo.id)
                label = self.shift.patient_labels.get(todo.patient_id, "")
                self.notify(f"{todo.text}" + (f" — {label}" if label else ""), title="Due now",
                            severity="warning", timeout=30, markup=False)
        self._show(self.shift)
        self._schedule_due_notice(self.shift)

    # Actions ------------------------------------------------------------------------

    def action_show_pane(self, index: int) -> None:
        """Focus pane ``index`` (and, on a narrow terminal, show only it)."""
        panes = self.panes
        if index >= len(panes):
            return  # in the instant before the other panes are mounted
        for number, pane in enumerate(panes):
            pane.set_class(number == index, "-shown")
        target = panes[index]
        focusable = [w for w in target.query("*") if w.can_focus]
        if focusable:
            # At once, not after the next refresh: "4" then Enter, typed fast, must reach pane 4.
            self.set_focus(focusable[0])

    def on_descendant_focus(self, event) -> None:
        # Keep the narrow layout showing whichever pane has focus (tab moves on).
        for pane in self.panes:
            pane.set_class(event.widget in pane.walk_children() or event.widget is pane, "-shown")

    def action_toggle_maximize(self) -> None:
        """Give the focused pane the whole screen, or put it back."""
        if self.maximized is not None:
            self.minimize()
        elif self.focused is not None:
            # The pane around the focused list is the one that may be maximised.
            self.maximize(self.focused)

    # Entry points for the command palette --------------------------------------------

    def do_new_note(self) -> None:
        """Start a new note."""
        self.query_one(NotesList).action_new_note()

    def do_new_rotation(self, first: bool = False) -> None:
        """Start a new rotation; it becomes the current one."""
        from clerkbook.ui.dialogs.rotation_form import RotationForm

        def chosen(values) -> None:
            if values:
                self.app.submit(lambda nb: nb.add_rotation(**values),
                                then=lambda r: self.notify(f"Current rotation: {r.name}.", markup=False))

        self.app.push_screen(RotationForm(first=first), chosen)

    def do_add_patient(self) -> None:
        """Add a patient."""
        self.query_one(TodoList).action_add_patient()

    def do_show_patient(self, patient_id: int) -> None:
        """Jump to a patient's to-dos."""
        self.action_show_pane(0)
        self.query_one(TodoList).focus_patient(patient_id)
