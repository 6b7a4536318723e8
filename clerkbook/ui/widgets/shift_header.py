"""The header line: rotation, week of rotation, date and time, overdue count."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.widgets import Static


class ShiftHeader(Static):
    """One line at the top of the shift screen."""

    DEFAULT_CSS = """
    ShiftHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    def show(self, shift, now: datetime) -> None:
        """Render the header for ``shift`` at ``now``; on a narrow terminal, the essentials first."""
        self._last = (shift, now)
        narrow = 0 < self.size.width < 100
        parts: list = [] if narrow else [("clerkbook", "bold $accent"), "  "]
        if shift is None or shift.rotation is None:
            parts.append(("No rotation yet — start one from the command palette (ctrl+p)", "$text-muted"))
        else:
            rotation = shift.rotation
            parts.append((rotation.specialty if narrow else rotation.name, "bold"))
            if rotation.service and not narrow:
                parts.append(f" · {rotation.service}")
            week, total = shift.rotation_week
            if total is not None and week > total:
                parts.append(("  ·  ended", "$text-muted"))
            elif week >= 1:
                parts.append(f"  ·  week {week}" + (f" of {total}" if total else ""))
        parts.append(f"  ·  {now:%H:%M}" if narrow else f"  ·  {now:%a %d %b  %H:%M}")
        overdue = len(shift.overdue) if shift is not None else 0
        if overdue:
            parts.append("  ·  ")
            parts.append((f"{overdue} overdue", "bold $error"))
        self.update(Content.assemble(*parts))

    def on_resize(self) -> None:
        if getattr(self, "_last", None) is not None:
            self.show(*self._last)
