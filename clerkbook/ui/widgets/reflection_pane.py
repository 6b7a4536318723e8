"""Pane 4: this week's reflection and a one-line summary of the week."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from clerkbook.domain.weeks import describe_week, iso_week, shift_week
from clerkbook.models import REFLECTION_FIELDS, REFLECTION_PROMPTS


def week_summary(counts) -> str:
    """ "4 patients followed · 12 to-dos done · 3 teaching points · 2 notes written"."""
    if counts is None:
        return ""
    parts = [(counts.patients_followed, "patient followed", "patients followed"),
             (counts.todos_done, "to-do done", "to-dos done"),
             (counts.points, "teaching point", "teaching points"),
             (counts.notes_written, "note written", "notes written")]
    return " · ".join(f"{n} {one if n == 1 else many}" for n, one, many in parts)


class ReflectionView(Static, can_focus=True):
    """The week's four prompts with the first lines written so far; Enter opens the editor."""

    BINDINGS = [
        Binding("enter,e", "open", "Write", id="reflection.open"),
        Binding("left_square_bracket", "week(-1)", "Earlier week", id="reflection.earlier"),
        Binding("right_square_bracket", "week(1)", "Later week", id="reflection.later"),
    ]

    DEFAULT_CSS = """
    ReflectionView { padding: 0 1; height: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.shift = None

    def show(self, shift) -> None:
        """Render the reflection of the week ``shift`` was loaded for."""
        self.shift = shift
        reflection = shift.reflection
        this_week = iso_week(shift.now.date())
        label = "this week" if shift.week == this_week else shift.week
        parts: list = [(describe_week(shift.week), "bold"), (f"  ({label})", "$text-muted"), "\n",
                       (week_summary(shift.week_counts), "$text-secondary"), "\n"]
        for name in REFLECTION_FIELDS[:4]:
            text = getattr(reflection, name, "") if reflection else ""
            first = text.strip().splitlines()[0] if text.strip() else ""
            first = first if len(first) <= 110 else first[:109] + "…"
            parts += ["\n", (REFLECTION_PROMPTS[name], "bold"), "\n"]
            parts.append((f"  {first}", "") if first else ("  — not written yet", "$text-muted"))
        parts += ["\n\n", ("Enter to write · [ ] earlier/later weeks", "$text-muted")]
        self.update(Content.assemble(*parts))

    def action_open(self) -> None:
        """Open the reflection editor on the week shown."""
        if self.shift is not None:
            self.app.open_reflection(self.shift.week)

    def action_week(self, offset: int) -> None:
        """Show an earlier or later week (not beyond this one)."""
        if self.shift is None:
            return
        week = shift_week(self.shift.week, offset)
        if week > iso_week(self.shift.now.date()):
            self.notify("That week has not happened yet.", severity="warning", timeout=2)
            return
        self.screen.show_week(week)


class ReflectionPane(VerticalScroll):
    """The titled container of the reflection view."""

    ALLOW_MAXIMIZE = True

    DEFAULT_CSS = """
    ReflectionPane { border: round $primary 50%; }
    ReflectionPane:focus-within { border: round $primary; }
    """

    def compose(self):
        yield ReflectionView(id="reflection-view")

    def on_mount(self) -> None:
        self.border_title = "4 This week's reflection"
