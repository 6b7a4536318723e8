"""One clerkship log as a table: a row per entry, keys to add, edit, delete and open."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable


class LogTable(DataTable):
    """A log's rows (keyed by entry id); a, e, d and Enter tell the screen what was asked for.

    ``kind`` names the log ("procedure", "feedback", "letter", "contact"); the screen does the work,
    so the same table serves every log.
    """

    BINDINGS = [
        Binding("a", "choose('add')", "Add", id="clerkship.add"),
        Binding("e", "choose('edit')", "Edit", id="clerkship.edit"),
        Binding("d,delete", "choose('delete')", "Delete", id="clerkship.delete"),
        Binding("enter", "choose('open')", "Open", id="clerkship.open"),
    ]

    class ActionChosen(Message):
        """A key asked for ``action`` on the log, on entry ``entry_id`` (None: no row highlighted)."""

        def __init__(self, table: "LogTable", action: str, entry_id: int | None) -> None:
            super().__init__()
            self.table = table
            self.action = action
            self.entry_id = entry_id

    def __init__(self, kind: str, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.kind = kind

    @property
    def entry_id(self) -> int | None:
        """The id of the highlighted entry, if any."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return int(key.value) if key.value is not None and key.value.isdigit() else None

    def show(self, columns: list[str], rows: list[tuple[int, list]]) -> None:
        """Replace the rows (``(entry id, cells)``), keeping the cursor on the same entry where it still is."""
        keep = self.entry_id
        if not self.columns or [str(c.label) for c in self.columns.values()] != columns:
            self.clear(columns=True)
            self.add_columns(*columns)
        else:
            self.clear()
        for entry_id, cells in rows:
            self.add_row(*cells, key=str(entry_id))
        if keep is not None and str(keep) in self.rows:
            self.move_cursor(row=self.get_row_index(str(keep)))

    def action_choose(self, action: str) -> None:
        """Tell the screen which action was asked for, and on which entry."""
        self.post_message(self.ActionChosen(self, action, self.entry_id))
