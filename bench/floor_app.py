"""The floor: the smallest Textual app that paints one line, timed exactly like clerkbook.

Whatever it costs to start Python, import Textual, set up the terminal and paint a first frame, every Textual
program pays; clerkbook's own start-up cost is what it takes beyond this.
"""

from textual.app import App, ComposeResult
from textual.widgets import Static

#: The text the benchmark waits for on the pty.
MARKER = "floor app ready"


class FloorApp(App[None]):
    """One line of text, nothing else."""

    def compose(self) -> ComposeResult:
        """The one line."""
        yield Static(MARKER)


if __name__ == "__main__":
    FloorApp().run()
