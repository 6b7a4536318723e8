"""Search everything as you type: to-dos, teaching points, questions, notes, reflections and the clerkship logs
(procedures, feedback, letters, contacts, the daily log).

Each keystroke starts a search in a thread worker (a newer one replaces an older one), so typing never waits
for the database; results show a snippet with the matched words highlighted, and Enter opens the entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content, Span
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from clerkbook.store.errors import NotebookError

KIND_CHOICES = [("Everything", ""), ("To-dos", "todo"), ("Teaching points", "teaching_point"),
                ("Questions", "question"), ("Notes", "note"), ("Reflections", "reflection"),
                ("Procedures", "procedure"), ("Feedback", "feedback"), ("Letters", "letter"),
                ("Contacts", "contact"), ("Daily log", "daily_entry")]
KIND_BADGES = {"todo": "To-do", "teaching_point": "Point", "question": "Question", "note": "Note",
               "reflection": "Reflection", "procedure": "Procedure", "feedback": "Feedback", "letter": "Letter",
               "contact": "Contact", "daily_entry": "Daily log"}
#: Quiet time after a keystroke before searching: a fast typist's burst becomes one search.
SEARCH_DELAY = 0.08


@dataclass(frozen=True)
class SearchRequest:
    """What to search for, as the screen's controls say."""

    text: str
    kind: str
    this_rotation: bool


class SearchFinished(Message):
    """A worker answered a search (``hits``), or could not (``error``)."""

    def __init__(self, request: SearchRequest, hits: list, labels: dict[int, str], error: str | None = None) -> None:
        super().__init__()
        self.request = request
        self.hits = hits
        self.labels = labels
        self.error = error


def hit_title(hit) -> str:
    """The title a person reads: a day of the daily log as "Wed 18 Nov 2026" rather than its ISO date."""
    if hit.kind == "daily_entry":
        try:
            return f"{date.fromisoformat(hit.title):%a %d %b %Y}"
        except ValueError:
            pass  # written outside clerkbook: show it as it is
    return hit.title


def snippet_content(snippet: str, marks) -> Content:
    """The snippet with each matched word in bold and the accent colour."""
    return Content(snippet, spans=[Span(start, end, "bold $accent") for start, end in marks])


class SearchScreen(ModalScreen[None]):
    """Find anything in the notebook; Enter opens it."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="search.close"),
        Binding("down", "results", "Results", id="search.results", show=False),
        Binding("ctrl+t", "toggle_scope", "This rotation/all", id="search.scope"),
    ]
    DEFAULT_CSS = """
    SearchScreen { align: center top; }
    SearchScreen > #search-box {
        width: 110; max-width: 100%; height: 90%; margin-top: 1;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    SearchScreen #search-controls { height: auto; }
    SearchScreen #query { width: 1fr; }
    SearchScreen #kind { width: 24; }
    SearchScreen #search-status { height: 1; color: $text-muted; margin: 0 1; }
    SearchScreen #results { height: 1fr; border: none; }
    """

    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self.initial = initial
        self.this_rotation = False
        self.hits: list = []
        self._timer = None

    def compose(self) -> ComposeResult:
        from textual.containers import Vertical

        with Vertical(id="search-box"):
            with Horizontal(id="search-controls"):
                yield Input(self.initial, placeholder="Search: words, \"a phrase\", spiro OR furosemide, NOT …",
                            id="query")
                yield Select(KIND_CHOICES, allow_blank=False, value="", id="kind")
            yield Static("", id="search-status")
            yield OptionList(id="results")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        self._show_status()
        if self.initial:
            self._schedule()

    # Asking --------------------------------------------------------------------------

    def _request(self) -> SearchRequest:
        kind = self.query_one("#kind", Select).value
        return SearchRequest(self.query_one("#query", Input).value, kind if isinstance(kind, str) else "",
                             self.this_rotation)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._schedule()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._schedule()

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_DELAY, lambda: self._search(self._request()))

    @work(thread=True, exclusive=True, group="search")
    def _search(self, request: SearchRequest) -> None:
        from clerkbook.domain.search_query import parse_query

        expression = parse_query(request.text)
        if not expression:
            self.post_message(SearchFinished(request, [], {}))
            return
        notebook = self.app.notebook
        try:
            rotation = notebook.current_rotation() if request.this_rotation else None
            hits = notebook.search(expression, kinds=[request.kind] if request.kind else None,
                                   rotation_id=rotation.id if rotation else None, limit=100)
            labels = {r.id: r.name for r in notebook.list_rotations()}
        except NotebookError as exc:
            self.post_message(SearchFinished(request, [], {}, str(exc)))
            return
        self.post_message(SearchFinished(request, hits, labels))

    def on_search_finished(self, message: SearchFinished) -> None:
        if message.request != self._request():
            return  # typing has moved on; a newer search is coming
        self.hits = message.hits
        results = self.query_one("#results", OptionList)
        results.clear_options()
        now = self.app.clock()
        for hit in message.hits:
            when = hit.created_at.astimezone(now.tzinfo).strftime("%d %b %Y")
            where = message.labels.get(hit.rotation_id, "")
            heading = Content.assemble((f"{KIND_BADGES.get(hit.kind, hit.kind):<11}", "bold $secondary"),
                                       (hit_title(hit), "bold"), ("  " + " · ".join(p for p in (when, where) if p),
                                                             "$text-muted"))
            results.add_option(Option(Content.assemble(heading, "\n", snippet_content(hit.snippet, hit.marks))))
        self._show_status(message)

    def _show_status(self, message: SearchFinished | None = None) -> None:
        status = self.query_one("#search-status", Static)
        scope = "this rotation" if self.this_rotation else "all rotations"
        if message is None or not message.request.text.strip():
            status.update(f"Type to search {scope}. ctrl+t: {'all rotations' if self.this_rotation else 'this rotation only'}")
        elif message.error:
            status.update(Content.styled(message.error, "$error"))
        elif not message.hits:
            status.update(f"Nothing found in {scope}.")
        else:
            count = len(message.hits)
            more = "+" if count >= 100 else ""
            status.update(f"{count}{more} found in {scope} · ↓ to the results, Enter opens")

    # Moving and opening --------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.hits:
            self._open(self.hits[0])

    def action_results(self) -> None:
        """Move from the search box to the results."""
        results = self.query_one("#results", OptionList)
        if self.hits and not results.has_focus:
            results.focus()
            results.highlighted = 0

    def action_toggle_scope(self) -> None:
        """Search the current rotation only, or every rotation."""
        self.this_rotation = not self.this_rotation
        self._schedule()
        self._show_status()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(self.hits[event.option_index])

    def _open(self, hit) -> None:
        from clerkbook.ui.opener import open_entry

        open_entry(self.app, hit.kind, hit.entry_id)

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)
