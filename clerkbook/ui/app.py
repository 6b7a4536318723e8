"""The clerkbook Textual app (the shift screen arrives with its own issue)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class ClerkbookApp(App):
    """The full-screen notebook, given an open :class:`~clerkbook.store.Notebook`."""

    TITLE = "clerkbook"

    def __init__(self, notebook) -> None:
        super().__init__()
        self.notebook = notebook

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="body")
        yield Footer()

    def on_mount(self) -> None:
        rotation = self.notebook.current_rotation()
        self.sub_title = rotation.name if rotation else "no rotation yet"
        todos = self.notebook.list_todos() if rotation else []
        lines = [f"[ ] {todo.text}" for todo in todos] or ["No open to-dos."]
        self.query_one("#body", Static).update("\n".join(lines))
