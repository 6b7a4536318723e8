"""Every key clerkbook knows, where it applies, and the id to remap it with.

The keys shown are the ones in force: a binding remapped in keymap.toml shows its new key.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from clerkbook.ui.screens.main import MainScreen
from clerkbook.ui.widgets.notes_pane import NotesList
from clerkbook.ui.widgets.points_pane import PointsList
from clerkbook.ui.widgets.reflection_pane import ReflectionView
from clerkbook.ui.widgets.todo_pane import TodoList

#: Where keys apply, in the order shown. A string names a module (or package) whose classes with BINDINGS
#: are all listed; it is imported lazily and skipped if missing, as editors may not be installed yet.
GROUPS: list[tuple[str, list[type | str]]] = [
    ("Shift screen", [MainScreen]),
    ("To-dos", [TodoList]),
    ("Teaching points & questions", [PointsList]),
    ("Notes", [NotesList]),
    ("Reflection", [ReflectionView]),
    ("Note editor", ["clerkbook.ui.screens.note_editor"]),
    ("Note and reflection editors", ["clerkbook.ui.screens.editor"]),
    ("Note revisions", ["clerkbook.ui.screens.revisions"]),
    ("Reflection editor", ["clerkbook.ui.screens.reflection_editor"]),
    ("Daily learning log", ["clerkbook.ui.screens.daily_editor"]),
    ("Rotations overview", ["clerkbook.ui.screens.rotations"]),
    ("Sign-out sheet", ["clerkbook.ui.screens.signout"]),
    ("Quick capture", ["clerkbook.ui.screens.capture"]),
    ("Search", ["clerkbook.ui.screens.search"]),
    ("Export", ["clerkbook.ui.screens.export"]),
    ("Clerkship logs", ["clerkbook.ui.screens.clerkship", "clerkbook.ui.widgets.log_table"]),
    ("Dialogs and forms", ["clerkbook.ui.dialogs"]),
    ("Passphrase prompt", ["clerkbook.ui.screens.passphrase"]),
    ("Keys screen", ["clerkbook.ui.screens.help"]),
]
#: Textual names some built-in actions tersely; say what they do.
DESCRIPTIONS = {
    "command_palette": "Command palette (find anything)",
    "app.focus_next": "Next field or pane",
    "app.focus_previous": "Previous field or pane",
}
DEFAULT_KEYMAP_FILE = "~/.config/clerkbook/keymap.toml"


def _own_binding_classes(module_name: str) -> list[type]:
    """The classes defined in ``module_name`` (and, for a package, its modules) that declare BINDINGS
    themselves; [] if it cannot be imported."""
    try:
        module = importlib.import_module(module_name)
    except Exception:  # noqa: BLE001 - a missing or broken module must not stop the keys screen
        return []
    found = [cls for _, cls in inspect.getmembers(module, inspect.isclass)
             if cls.__module__ == module_name and "BINDINGS" in cls.__dict__]
    if hasattr(module, "__path__"):
        for info in pkgutil.walk_packages(module.__path__, f"{module_name}.", onerror=lambda name: None):
            found += _own_binding_classes(info.name) if not info.ispkg else []
    return found


def _ui_binding_classes() -> list[type]:
    """Every class in the clerkbook.ui package that declares BINDINGS: none may be missing from help."""
    return _own_binding_classes("clerkbook.ui")


def known_binding_ids() -> set[str]:
    """Every binding id a keymap may use: the app's and those of every screen and widget."""
    from clerkbook.ui.app import ClerkbookApp

    classes = [ClerkbookApp, *_ui_binding_classes()]
    return {b.id for cls in classes for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding) and b.id}


def _sources(sources: Iterable[type | str]) -> list[type]:
    classes: list[type] = []
    for source in sources:
        classes += _own_binding_classes(source) if isinstance(source, str) else [source]
    return classes


class HelpScreen(ModalScreen[None]):
    """A scrollable table of every key: where it applies, the key, what it does, its binding id."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 124;
        max-width: 100%;
        height: 90%;
        padding: 0 1;
        border: thick $primary;
        background: $panel;
    }
    HelpScreen #intro { padding: 1 1 0 1; height: auto; }
    HelpScreen #keys { height: 1fr; margin-top: 1; }
    HelpScreen #close { color: $text-muted; padding: 0 1; }
    """

    BINDINGS = [
        Binding("escape,f1,q", "close", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._intro(), id="intro")
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)
            yield Static(Content("Escape, f1 or q: close"), id="close")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Where", "Key", "What it does", "Binding id")
        for where, rows in self.groups():
            for number, (keys, description, binding_id) in enumerate(rows):
                table.add_row(Text(where if number == 0 else "", style="bold"), Text(keys, style="bold"),
                              Text(description), Text(binding_id, style="dim"))
        table.focus()
        self.border_title = "Keys"

    def _intro(self) -> Content:
        folder = getattr(getattr(self.app, "settings", None), "folder", None)
        where = DEFAULT_KEYMAP_FILE
        if folder is not None:
            path = Path(folder) / "keymap.toml"
            try:
                where = "~/" + str(path.relative_to(Path.home()))
            except ValueError:
                where = str(path)
        # Content, not markup: "[keys]" must show as typed.
        return Content.assemble(
            ("Every key clerkbook knows. ", "bold"),
            f"To change a key, add its binding id to {where}, for example:\n",
            ("  [keys]\n  todo.toggle = \"x,space\"\n  app.capture = \"c\"", "$text-accent"),
            ("\nSeveral keys are separated by commas. Keys without an id cannot be changed.", "$text-muted"),
        )

    # Gathering ------------------------------------------------------------------------

    def groups(self) -> list[tuple[str, list[tuple[str, str, str]]]]:
        """(where, rows) for every place keys apply; each row is (keys as shown, description, binding id)."""
        everywhere = [binding for _, binding in self.app._bindings]
        everywhere += list(Binding.make_bindings(Screen.BINDINGS))
        result = [("Everywhere", self.rows(everywhere))]
        covered: set[type] = {App, Screen, type(self.app)}
        for where, sources in GROUPS:
            classes = [cls for cls in _sources(sources) if cls not in covered]
            covered.update(classes)
            rows = self.rows(b for cls in classes for b in Binding.make_bindings(cls.__dict__["BINDINGS"]))
            if rows:
                result.append((where, rows))
        # Anything added to clerkbook.ui since GROUPS was last updated still gets listed.
        for cls in _ui_binding_classes():
            if cls not in covered:
                covered.add(cls)
                rows = self.rows(Binding.make_bindings(cls.__dict__["BINDINGS"]))
                if rows:
                    result.append((cls.__name__, rows))
        return result

    def rows(self, bindings: Iterable[Binding]) -> list[tuple[str, str, str]]:
        """One row per binding (its keys joined), using the app's keymap where it remaps an id."""
        keymap: dict[str, str] = self.app._keymap
        grouped: dict[tuple[str, str], list[Binding]] = {}
        for binding in bindings:
            if binding.system or not binding.description:
                continue  # Textual's own hidden bindings (ctrl+c's quit hint) are not for users
            key = (binding.id or binding.action, DESCRIPTIONS.get(binding.action, binding.description))
            grouped.setdefault(key, []).append(binding)
        rows = []
        for (_, description), same in grouped.items():
            first = same[0]
            if first.id and first.id in keymap:
                # Textual replaces the key (and drops key_display) for a remapped id: show it the same way.
                keys = [key.strip() for key in keymap[first.id].split(",") if key.strip()]
                same = [first.with_key(key, key_display=None) for key in keys]
            shown = list(dict.fromkeys(self.app.get_key_display(binding) for binding in same))
            rows.append((", ".join(shown), description, first.id or "—"))
        return rows

    def action_close(self) -> None:
        """Close the keys screen."""
        self.dismiss(None)
