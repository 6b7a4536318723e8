"""Pane 2: teaching points and questions to research."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets.option_list import Option

from clerkbook.models import QuestionStatus
from clerkbook.ui.widgets.pane import PaneList


def point_prompt(point, now) -> Content:
    """A teaching point: star, text, then topic and who taught it."""
    is_today = point.created_at.astimezone(now.tzinfo).date() == now.date()
    meta = " · ".join(part for part in (f"#{point.topic}" if point.topic else "", point.source,
                                        "today" if is_today else "") if part)
    return Content.assemble(
        ("★ " if point.starred else "  ", "$warning"),
        point.text,
        (f"  {meta}" if meta else "", "$text-muted"),
    )


def question_prompt(question) -> Content:
    """A question: open ones marked ?, answered ones with the first line of the answer."""
    if question.status == QuestionStatus.OPEN:
        return Content.assemble(("? ", "bold $accent"), question.text)
    answer = question.answer.strip().splitlines()[0] if question.answer.strip() else ""
    return Content.assemble(("✓ ", "$success"), question.text, (f"  → {answer}", "$text-muted"))


class PointsList(PaneList):
    """Questions (open first) above teaching points (starred pinned, today's next)."""

    BINDINGS = [
        Binding("a", "add_point", "Point", id="points.add_point"),
        Binding("q", "add_question", "Question", id="points.add_question"),
        Binding("enter", "open", "Answer/edit", id="points.open"),
        Binding("s", "star", "Star", id="points.star"),
        Binding("t", "to_point", "Answer→point", id="points.to_point"),
        Binding("d,delete", "delete", "Delete", id="points.delete"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.shift = None

    def show(self, shift) -> None:
        """Render the questions and teaching points of ``shift``."""
        self.shift = shift
        options: list[Option] = []
        if shift.questions:
            open_count = sum(1 for q in shift.questions if q.status == QuestionStatus.OPEN)
            options.append(Option(Content.assemble(("Questions", "bold"), (f"  {open_count} open", "$text-muted")),
                                  id="head-questions", disabled=True))
            options += [Option(question_prompt(q), id=f"question-{q.id}") for q in shift.questions]
        options.append(Option(Content.styled("Teaching points", "bold"), id="head-points", disabled=True))
        options += [Option(point_prompt(p, shift.now), id=f"point-{p.id}") for p in shift.points]
        if not shift.points:
            options.append(Option(Content.styled("None yet. Press a to add one.", "$text-muted"),
                                  id="empty", disabled=True))
        self.replace_options(options)

    def _selected(self, kind: str):
        option_id = self.highlighted_id or ""
        prefix, _, number = option_id.partition("-")
        if prefix != kind or self.shift is None:
            return None
        rows = self.shift.questions if kind == "question" else self.shift.points
        return next((row for row in rows if row.id == int(number)), None)

    def action_add_point(self) -> None:
        """Open the capture line ready for a teaching point."""
        from clerkbook.ui.screens.capture import CaptureScreen

        self.app.push_screen(CaptureScreen("p "))

    def action_add_question(self) -> None:
        """Open the capture line ready for a question."""
        from clerkbook.ui.screens.capture import CaptureScreen

        self.app.push_screen(CaptureScreen("q "))

    def action_answer(self) -> None:
        """Write (or change) the answer to the highlighted question."""
        from clerkbook.ui.dialogs.text_prompt import TextPrompt, answer_draft

        question = self._selected("question")
        if question is None:
            return

        def answered(text: str | None) -> None:
            if text is not None:
                self.app.submit(lambda nb: nb.answer_question(question.id, text))

        self.app.push_screen(TextPrompt(question.text, "Answer", question.answer, multiline=True,
                                        draft=answer_draft(question.id)), answered)

    def action_open(self) -> None:
        """Answer the highlighted question, or read and edit the highlighted teaching point in full."""
        if self._selected("question") is not None:
            self.action_answer()
        else:
            self.action_edit_point()

    def action_edit_point(self) -> None:
        """Show the whole teaching point, editable."""
        from clerkbook.ui.dialogs.text_prompt import TextPrompt, point_draft

        point = self._selected("point")
        if point is None:
            return

        def edited(text: str | None) -> None:
            if text is not None and text.strip() and text != point.text:
                self.app.submit(lambda nb: nb.update_point(point.id, text=text))

        title = " · ".join(part for part in ("Teaching point", point.topic and f"#{point.topic}", point.source) if part)
        self.app.push_screen(TextPrompt(title, "Text", point.text, multiline=True, draft=point_draft(point.id)),
                             edited)

    def on_option_list_option_selected(self, event: PaneList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_star(self) -> None:
        """Star or unstar the highlighted teaching point."""
        point = self._selected("point")
        if point is not None:
            self.app.submit(lambda nb: nb.update_point(point.id, starred=not point.starred))

    def action_to_point(self) -> None:
        """Turn the highlighted answered question into a teaching point."""
        question = self._selected("question")
        if question is None:
            return
        self.app.submit(lambda nb: nb.question_to_point(question.id),
                        then=lambda _: self.notify("Added as a teaching point."))

    def action_delete(self) -> None:
        """Delete the highlighted point or question, after asking."""
        from clerkbook.ui.dialogs.confirm import ConfirmDialog

        point, question = self._selected("point"), self._selected("question")
        target = point or question
        if target is None:
            return
        delete = (lambda nb: nb.delete_point(point.id)) if point else (lambda nb: nb.delete_question(question.id))
        self.app.push_screen(ConfirmDialog(f"Delete “{target.text}”?", "Delete"),
                             lambda yes: self.app.submit(delete) if yes else None)


class PointsPane(Vertical):
    """The titled container of teaching points and questions."""

    ALLOW_MAXIMIZE = True

    DEFAULT_CSS = """
    PointsPane { border: round $primary 50%; }
    PointsPane:focus-within { border: round $primary; }
    """

    def compose(self):
        yield PointsList(id="points-list")

    def on_mount(self) -> None:
        self.border_title = "2 Teaching points & questions"
