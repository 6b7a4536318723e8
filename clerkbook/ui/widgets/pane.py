"""What every pane of the shift screen shares: a titled, focusable list."""

from __future__ import annotations

from textual.widgets import OptionList


class PaneList(OptionList):
    """An option list that keeps the highlighted entry across reloads."""

    DEFAULT_CSS = """
    PaneList {
        height: 1fr;
        border: none;
        padding: 0;
        background: transparent;
        /* One line per entry: a list scanned at a glance on rounds. */
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    PaneList:focus {
        border: none;
    }
    """

    def replace_options(self, options, prefer: str | None = None) -> None:
        """Swap in new options, keeping the highlight on the same id (or on ``prefer``) where it exists."""
        keep = prefer
        if keep is None and self.highlighted is not None and self.option_count:
            keep = self.get_option_at_index(self.highlighted).id
        old_index = self.highlighted
        self.clear_options()
        self.add_options(options)
        if not self.option_count:
            return
        if keep is not None:
            try:
                self.highlighted = self.get_option_index(keep)
                return
            except Exception:  # noqa: BLE001 - the entry is gone: fall back to its old place
                pass
        index = min(old_index or 0, self.option_count - 1)
        while index < self.option_count - 1 and self.get_option_at_index(index).disabled:
            index += 1
        self.highlighted = index

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted option, if any."""
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id
